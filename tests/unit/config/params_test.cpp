// Params::validate: unknown keys, missing parameters, types, bounds, choices, defaults.
#include <gtest/gtest.h>

#include "ves/config/loader.hpp"
#include "ves/config/params.hpp"

namespace ves::config {
namespace {

Schema unet_schema() {
  Schema s;
  s.integer("epochs", 10, "passes over the data", 1, 10000)
      .real("learning_rate", 1e-3, "step size", 0.0)
      .flag("amp", false, "mixed precision")
      .text("name", std::string("unet"), "display name")
      .choice("optimizer", "adamw", {"adamw", "adam", "sgd"}, "optimiser")
      .path("weights", std::string(), "initial weights; empty for none")
      .integers("patch", std::vector<int64_t>{64, 64, 32}, "patch size", 3)
      .reals("dropout", std::vector<double>{0.1}, "per level")
      .texts("keys", std::vector<std::string>{"image"}, "input keys")
      .any("extra", "free values")
      .component("loss", "loss", "the loss", false)
      .components("transforms", "transform", "preprocessing");
  return s;
}

// The node at `model` in a small file, paths set, as the loader hands it over.
Node model_node(const std::string& body) {
  Node root = parse_yaml("model:\n" + body, "configs/x.yaml");
  root.set_path("");
  return root.at("model");
}

std::string error_of(const std::string& body, const Schema& schema = unet_schema()) {
  try {
    Params::validate(model_node(body), schema, "model unet3d");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ParamsValidate, SuggestsClosestKeyForMisspeltParameter) {
  Node root = parse_yaml(std::string(12, '\n') + "model:\n  type: unet3d\n  lerning_rate: 0.1\n",
                         "configs/x.yaml");
  root.set_path("");
  try {
    Params::validate(root.at("model"), unet_schema(), "model unet3d");
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(),
                 "configs/x.yaml:15:3: model.lerning_rate: unknown parameter of model unet3d; did "
                 "you mean learning_rate?");
  }
}

TEST(ParamsValidate, ReportsTheKeyPositionOfAnUnknownParameter) {
  // Line 14, column 5: the shape of the message users see from `vhost validate`.
  Node root =
      parse_yaml(std::string(12, '\n') + "model:\n    lerning_rate: 0.1\n", "configs/x.yaml");
  root.set_path("");
  try {
    Params::validate(root.at("model"), unet_schema(), "model unet3d");
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(),
                 "configs/x.yaml:14:5: model.lerning_rate: unknown parameter of model unet3d; did "
                 "you mean learning_rate?");
  }
}

TEST(ParamsValidate, ListsKnownParametersWhenNothingIsClose) {
  Schema s;
  s.integer("epochs", 1, "").flag("amp", false, "");
  EXPECT_EQ(error_of("  batch_size: 3\n", s),
            "configs/x.yaml:2:3: model.batch_size: unknown parameter of model unet3d; known "
            "parameters: epochs, amp");
}

TEST(ParamsValidate, SkipsTheTypeKey) {
  EXPECT_EQ(error_of("  type: unet3d\n"), "no error");
}

TEST(ParamsValidate, UsesJustTheKeyWhenTheNodeHasNoPath) {
  Node node = parse_yaml("lerning_rate: 1\n", "p.yaml");
  try {
    Params::validate(node, unet_schema(), "model unet3d");
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.key(), "lerning_rate");
  }
}

TEST(ParamsValidate, MissingRequiredParameterPointsAtTheMapAndQuotesTheDoc) {
  Schema s;
  s.integer("channels", std::nullopt, "input channels");
  EXPECT_EQ(error_of("  type: unet3d\n", s),
            "configs/x.yaml:2:3: model.channels: missing required parameter of model unet3d; "
            "input channels");
}

TEST(ParamsValidate, FillsDefaultsLocatedAtDefault) {
  const Params p = Params::validate(model_node("  epochs: 5\n"), unet_schema(), "model unet3d");
  EXPECT_EQ(p.get_int("epochs"), 5);
  EXPECT_DOUBLE_EQ(p.get_double("epochs"), 5.0);  // an int reads as a double too
  EXPECT_DOUBLE_EQ(p.get_double("learning_rate"), 1e-3);
  EXPECT_FALSE(p.get_bool("amp"));
  EXPECT_EQ(p.get_string("optimizer"), "adamw");
  EXPECT_EQ(p.get_ints("patch"), (std::vector<int64_t>{64, 64, 32}));
  EXPECT_EQ(p.where("amp").file, "<default>");
  EXPECT_EQ(p.where("epochs").str(), "configs/x.yaml:2:11");
}

TEST(ParamsValidate, NullOrScalarNodeMeansNoParameters) {
  const Params from_null = Params::validate(Node(), unet_schema(), "model unet3d");
  EXPECT_EQ(from_null.get_int("epochs"), 10);
  const Params from_name = Params::validate(Node::scalar("unet3d"), unet_schema(), "model unet3d");
  EXPECT_EQ(from_name.node("type").text(), "unet3d");
}

TEST(ParamsValidate, AScalarNamesTheTypeEvenWhenTheSchemaDeclaresOne) {
  // `optimizer: sgd` is {type: sgd}, not the declared default.
  Schema schema;
  schema.choice("type", "adamw", {"adamw", "sgd"}, "which optimiser").real("lr", 0.1, "rate");
  const Params p = Params::validate(Node::scalar("sgd"), schema, "optimizer");
  EXPECT_EQ(p.get_string("type"), "sgd");
  EXPECT_DOUBLE_EQ(p.get_double("lr"), 0.1);
  EXPECT_THROW(Params::validate(Node::scalar("sgdd"), schema, "optimizer"), ConfigError);
}

TEST(ParamsValidate, RejectsAListOfParameters) {
  Node node = parse_yaml("- 1\n", "p.yaml");
  EXPECT_THROW(Params::validate(node, unet_schema(), "model unet3d"), ConfigError);
}

TEST(ParamsValidate, RejectsTextForAnInt) {
  EXPECT_EQ(error_of("  epochs: abc\n"),
            "configs/x.yaml:2:11: model.epochs: expected int, got 'abc'");
}

TEST(ParamsValidate, RejectsAFractionForAnInt) {
  EXPECT_EQ(error_of("  epochs: 1.0\n"),
            "configs/x.yaml:2:11: model.epochs: expected int, got '1.0'");
}

TEST(ParamsValidate, RejectsAQuotedNumberForAnInt) {
  EXPECT_EQ(error_of("  epochs: \"3\"\n"),
            "configs/x.yaml:2:11: model.epochs: expected int, got the string '3'");
}

TEST(ParamsValidate, RejectsAMapForAnInt) {
  EXPECT_EQ(error_of("  epochs: {a: 1}\n"),
            "configs/x.yaml:2:11: model.epochs: expected int, got a map");
}

TEST(ParamsValidate, AcceptsAnIntAndInfinityForAFloat) {
  const Params p =
      Params::validate(model_node("  learning_rate: 2\n"), unet_schema(), "model unet3d");
  EXPECT_DOUBLE_EQ(p.get_double("learning_rate"), 2.0);
  EXPECT_EQ(error_of("  learning_rate: .inf\n"), "no error");
  EXPECT_EQ(error_of("  learning_rate: inf\n"), "no error");
  EXPECT_EQ(error_of("  learning_rate: fast\n"),
            "configs/x.yaml:2:18: model.learning_rate: expected float, got 'fast'");
}

TEST(ParamsValidate, AcceptsYamlBoolSpellings) {
  const Params p = Params::validate(model_node("  amp: yes\n"), unet_schema(), "model unet3d");
  EXPECT_TRUE(p.get_bool("amp"));
  EXPECT_EQ(error_of("  amp: 1\n"), "configs/x.yaml:2:8: model.amp: expected bool, got '1'");
  EXPECT_EQ(error_of("  amp: 'on'\n"),
            "configs/x.yaml:2:8: model.amp: expected bool, got the string 'on'");
}

TEST(ParamsValidate, EnforcesMinimumAndMaximum) {
  EXPECT_EQ(error_of("  epochs: 0\n"),
            "configs/x.yaml:2:11: model.epochs: value 0 is below the minimum 1");
  EXPECT_EQ(error_of("  epochs: 20000\n"),
            "configs/x.yaml:2:11: model.epochs: value 20000 is above the maximum 10000");
  EXPECT_EQ(error_of("  learning_rate: -0.5\n"),
            "configs/x.yaml:2:18: model.learning_rate: value -0.5 is below the minimum 0");
}

TEST(ParamsValidate, SuggestsTheClosestChoice) {
  EXPECT_EQ(error_of("  optimizer: adamw2\n"),
            "configs/x.yaml:2:14: model.optimizer: value 'adamw2' is not one of adamw, adam, sgd; "
            "did you mean adamw?");
  EXPECT_EQ(error_of("  optimizer: lbfgs\n"),
            "configs/x.yaml:2:14: model.optimizer: value 'lbfgs' is not one of adamw, adam, sgd");
}

TEST(ParamsValidate, RejectsAScalarForAList) {
  EXPECT_EQ(error_of("  patch: 64\n"),
            "configs/x.yaml:2:10: model.patch: expected a list of int, got a scalar");
}

TEST(ParamsValidate, ChecksTheFixedLengthOfAList) {
  EXPECT_EQ(error_of("  patch: [64, 64]\n"),
            "configs/x.yaml:2:10: model.patch: expected 3 values, got 2");
}

TEST(ParamsValidate, ChecksEachListElementAtItsOwnPosition) {
  EXPECT_EQ(error_of("  patch: [64, x, 32]\n"),
            "configs/x.yaml:2:15: model.patch[1]: expected int, got 'x'");
  EXPECT_EQ(error_of("  dropout: [0.1, high]\n"),
            "configs/x.yaml:2:18: model.dropout[1]: expected float, got 'high'");
}

TEST(ParamsValidate, AppliesBoundsToEachListElement) {
  Schema s;
  ParamSpec spec;
  spec.name = "spacing";
  spec.type = ParamType::FloatList;
  spec.min = 0.1;
  s.add(spec);
  EXPECT_EQ(error_of("  spacing: [1, 0.01]\n", s),
            "configs/x.yaml:2:16: model.spacing[1]: value 0.01 is below the minimum 0.1");
}

TEST(ParamsValidate, AcceptsComponentsAsMapsWithTypeOrBareNames) {
  const Params p = Params::validate(
      model_node("  loss: {type: dice, smooth: 1}\n  transforms: [normalize, {type: flip}]\n"),
      unet_schema(), "model unet3d");
  EXPECT_EQ(p.node("loss").at("type").text(), "dice");
  EXPECT_EQ(p.node("transforms").size(), 2u);
  EXPECT_EQ(p.node("transforms")[0].text(), "normalize");
}

TEST(ParamsValidate, RejectsAComponentWithoutType) {
  EXPECT_EQ(error_of("  loss: {smooth: 1}\n"),
            "configs/x.yaml:2:9: model.loss: missing 'type:' naming the loss to use");
  EXPECT_EQ(error_of("  transforms: [{p: 1}]\n"),
            "configs/x.yaml:2:16: model.transforms[0]: missing 'type:' naming the transform to "
            "use");
}

TEST(ParamsValidate, RejectsAListForAComponent) {
  EXPECT_EQ(error_of("  loss: [dice]\n"),
            "configs/x.yaml:2:9: model.loss: expected a loss (a map with 'type:', or a name), got "
            "a list");
}

TEST(ParamsValidate, TakesAnyValueForAnyAndMapsForMap) {
  Schema s;
  s.any("extra", "").add([] {
    ParamSpec spec;
    spec.name = "options";
    spec.type = ParamType::Map;
    spec.optional = true;
    return spec;
  }());
  EXPECT_EQ(error_of("  extra: [1, {a: b}]\n  options: {x: 1}\n", s), "no error");
  EXPECT_EQ(error_of("  options: [1]\n", s),
            "configs/x.yaml:2:12: model.options: expected a map, got a list");
}

TEST(ParamsAccess, OptionalParameterWithoutValueIsNotPresent) {
  const Params p = Params::validate(model_node("  epochs: 5\n"), unet_schema(), "model unet3d");
  EXPECT_FALSE(p.has("loss"));
  EXPECT_FALSE(p.has("extra"));
  EXPECT_TRUE(p.has("epochs"));
  EXPECT_TRUE(p.has("amp"));
  EXPECT_TRUE(p.node("loss").is_null());
  EXPECT_THROW(p.get_int("extra"), ConfigError);
  EXPECT_EQ(p.get_string("weights"), "");
}

TEST(ParamsAccess, PathIsReturnedRelativeToTheFileThatWroteIt) {
  const Params p =  // written in configs/<file>.yaml
      Params::validate(model_node("  weights: ../ckpt/best.pt\n"), unet_schema(), "model unet3d");
  EXPECT_EQ(p.get_string("weights"), "ckpt/best.pt");
}

TEST(ParamsAccess, ReadsListsOfEachType) {
  const Params p = Params::validate(
      model_node("  patch: [1, 2, 3]\n  dropout: [0.5, 1]\n  keys: [image, label]\n"),
      unet_schema(), "model unet3d");
  EXPECT_EQ(p.get_ints("patch"), (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(p.get_doubles("dropout"), (std::vector<double>{0.5, 1.0}));
  EXPECT_EQ(p.get_strings("keys"), (std::vector<std::string>{"image", "label"}));
}

TEST(ParamsAccess, UndeclaredNameIsAnInternalConfigError) {
  const Params p = Params::validate(model_node("  epochs: 5\n"), unet_schema(), "model unet3d");
  try {
    p.get_int("epoch");
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.key(), "model.epoch");
    EXPECT_EQ(e.problem(),
              "internal error: model unet3d reads a parameter its schema does not declare");
  }
}

TEST(ParamsAccess, AllHoldsTypeGivenValuesAndDefaultsInSchemaOrder) {
  const Params p = Params::validate(model_node("  type: unet3d\n  amp: true\n  epochs: 5\n"),
                                    unet_schema(), "model unet3d");
  const auto keys = p.all().keys();
  ASSERT_GE(keys.size(), 4u);
  EXPECT_EQ((std::vector<std::string>(keys.begin(), keys.begin() + 4)),
            (std::vector<std::string>{"type", "epochs", "learning_rate", "amp"}));
  EXPECT_EQ(p.all().path(), "model");
  EXPECT_EQ(p.all().at("amp").path(), "model.amp");
}

TEST(ParamsAccess, KeepsThePathOfAValueCopiedFromAnotherSection) {
  // A top-level section shared by a stage is reported under the key the user wrote.
  Node root = parse_yaml("dataset: {type: phantom, casse: 4}\nsummary: {}\n", "s.yaml");
  root.set_path("");
  Node stage = root.at("summary");
  stage.set("dataset", root.at("dataset"));
  Schema s;
  s.component("dataset", "reader", "the cases").integer("n", 1, "");
  const Params p = Params::validate(stage, s, "stage summary");
  EXPECT_EQ(p.node("dataset").path(), "dataset");
  EXPECT_EQ(p.node("dataset").at("casse").path(), "dataset.casse");
  EXPECT_EQ(p.node("n").path(), "summary.n");
}

TEST(ParamsValidate, NamesACopiedValueByItsOwnPathInTypeErrors) {
  Node root = parse_yaml("seed: abc\nsummary: {}\n", "s.yaml");
  root.set_path("");
  Node stage = root.at("summary");
  stage.set("seed", root.at("seed"));
  Schema s;
  s.integer("seed", 0, "");
  try {
    Params::validate(stage, s, "stage summary");
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "s.yaml:1:7: seed: expected int, got 'abc'");
  }
}

TEST(ParamsError, PointsAtTheParameterForChecksTheSchemaCannotExpress) {
  const Params p = Params::validate(model_node("  epochs: 5\n"), unet_schema(), "model unet3d");
  const ConfigError e = p.error("epochs", "must be a multiple of 2", "use 4 or 6");
  EXPECT_STREQ(e.what(), "configs/x.yaml:2:11: model.epochs: must be a multiple of 2; use 4 or 6");
}

}  // namespace
}  // namespace ves::config

TEST(ParamsValidate, ResolvesRelativePathsAgainstTheYamlFileThatWroteThem) {
  ves::config::Schema schema;
  schema.path("table", std::string(), "a table").path("root", std::string("."), "a folder");
  const auto node =
      ves::config::parse_yaml("table: tables/cases.csv\nabsolute: 0\n", "/data/isles/dataset.yaml");
  ves::config::Node section = ves::config::Node::map();
  section.set("table", node.at("table"));
  const auto params = ves::config::Params::validate(section, schema, "reader files");
  EXPECT_EQ(params.get_string("table"), "/data/isles/tables/cases.csv");
  EXPECT_EQ(params.get_string("root"), ".");  // a default stays relative to the working folder
  auto cli = section;
  cli.set("table", ves::config::Node::scalar("cases.csv", {"<command line>", 0, 0}));
  EXPECT_EQ(ves::config::Params::validate(cli, schema, "reader files").get_string("table"),
            "cases.csv");
}
