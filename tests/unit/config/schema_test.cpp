// Parameter schemas: the builder, type names and default texts for docs.
#include <gtest/gtest.h>

#include <limits>

#include "ves/config/schema.hpp"
#include "ves/core/error.hpp"

namespace ves::config {
namespace {

TEST(TypeName, NamesEveryParameterType) {
  EXPECT_EQ(type_name(ParamType::Bool), "bool");
  EXPECT_EQ(type_name(ParamType::Int), "int");
  EXPECT_EQ(type_name(ParamType::Float), "float");
  EXPECT_EQ(type_name(ParamType::String), "string");
  EXPECT_EQ(type_name(ParamType::Path), "path");
  EXPECT_EQ(type_name(ParamType::IntList), "list of int");
  EXPECT_EQ(type_name(ParamType::FloatList), "list of float");
  EXPECT_EQ(type_name(ParamType::StringList), "list of string");
  EXPECT_EQ(type_name(ParamType::Map), "map");
  EXPECT_EQ(type_name(ParamType::Any), "any");
  EXPECT_EQ(type_name(ParamType::Component), "component");
  EXPECT_EQ(type_name(ParamType::ComponentList), "list of components");
}

TEST(SchemaBuilder, KeepsParametersInDeclarationOrder) {
  Schema s;
  s.integer("epochs", 10, "passes over the data")
      .real("lr", 1e-3, "learning rate")
      .flag("amp", false, "mixed precision");
  EXPECT_EQ(s.names(), (std::vector<std::string>{"epochs", "lr", "amp"}));
  ASSERT_NE(s.find("lr"), nullptr);
  EXPECT_EQ(s.find("lr")->type, ParamType::Float);
  EXPECT_EQ(s.find("lr")->doc, "learning rate");
  EXPECT_EQ(s.find("nope"), nullptr);
}

TEST(SchemaBuilder, RecordsBoundsOfNumbers) {
  Schema s;
  s.integer("epochs", 10, "", 1, 10000);
  EXPECT_EQ(*s.find("epochs")->min, 1.0);
  EXPECT_EQ(*s.find("epochs")->max, 10000.0);
}

TEST(SchemaBuilder, ParameterWithoutDefaultIsRequired) {
  Schema s;
  s.integer("epochs", std::nullopt, "")
      .text("name", std::nullopt, "")
      .texts("stages", std::nullopt, "");
  for (const auto& spec : s.params()) {
    EXPECT_FALSE(spec.default_value.has_value()) << spec.name;
    EXPECT_FALSE(spec.optional) << spec.name;
  }
}

TEST(SchemaBuilder, OptionalComponentAndAnyHaveNoDefault) {
  Schema s;
  s.component("loss", "loss", "", false).any("vars", "").component("model", "model", "");
  EXPECT_TRUE(s.find("loss")->optional);
  EXPECT_EQ(s.find("loss")->component_kind, "loss");
  EXPECT_TRUE(s.find("vars")->optional);
  EXPECT_FALSE(s.find("model")->optional);
}

TEST(SchemaBuilder, ComponentListDefaultsToEmpty) {
  Schema s;
  s.components("transforms", "transform", "");
  ASSERT_TRUE(s.find("transforms")->default_value.has_value());
  EXPECT_TRUE(s.find("transforms")->default_value->is_sequence());
  EXPECT_EQ(s.find("transforms")->default_text(), "[]");
}

TEST(SchemaBuilder, RejectsAParameterDeclaredTwice) {
  Schema s;
  s.flag("amp", false, "");
  EXPECT_THROW(s.flag("amp", true, ""), ves::Error);
}

TEST(SchemaBuilder, ChoiceDefaultMustBeOneOfTheChoices) {
  Schema s;
  EXPECT_THROW(s.choice("opt", "adamw3", {"adamw", "sgd"}, ""), ves::Error);
  s.choice("mode", "", {"train", "infer"}, "");
  EXPECT_FALSE(s.find("mode")->default_value.has_value());
}

TEST(SchemaDefaults, AreLocatedAtDefault) {
  Schema s;
  s.integers("size", std::vector<int64_t>{1, 2}, "");
  EXPECT_EQ(s.find("size")->default_value->where().file, "<default>");
  EXPECT_EQ((*s.find("size")->default_value)[0].where().file, "<default>");
}

TEST(DefaultText, WritesYamlForDocs) {
  Schema s;
  s.flag("amp", true, "")
      .integer("epochs", 10, "")
      .real("lr", 0.001, "")
      .real("scale", 2.0, "")
      .real("clip", std::numeric_limits<double>::infinity(), "")
      .text("name", std::string("unet"), "")
      .text("code", std::string("007"), "")
      .text("empty", std::string(), "")
      .choice("opt", "adamw", {"adamw", "sgd"}, "")
      .path("out", std::string("runs"), "")
      .integers("patch", std::vector<int64_t>{64, 64, 32}, "", 3)
      .reals("spacing", std::vector<double>{1, 0.5}, "")
      .texts("keys", std::vector<std::string>{"image", "label"}, "")
      .integer("required", std::nullopt, "");
  auto text = [&](const std::string& name) { return s.find(name)->default_text(); };
  EXPECT_EQ(text("amp"), "true");
  EXPECT_EQ(text("epochs"), "10");
  EXPECT_EQ(text("lr"), "0.001");
  EXPECT_EQ(text("scale"), "2.0");
  EXPECT_EQ(text("clip"), ".inf");
  EXPECT_EQ(text("name"), "unet");
  EXPECT_EQ(text("code"), "\"007\"");
  EXPECT_EQ(text("empty"), "\"\"");
  EXPECT_EQ(text("opt"), "adamw");
  EXPECT_EQ(text("out"), "runs");
  EXPECT_EQ(text("patch"), "[64, 64, 32]");
  EXPECT_EQ(text("spacing"), "[1.0, 0.5]");
  EXPECT_EQ(text("keys"), "[image, label]");
  EXPECT_EQ(text("required"), "");
  EXPECT_EQ(*s.find("patch")->length, 3u);
}

}  // namespace
}  // namespace ves::config
