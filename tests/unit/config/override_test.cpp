// Command-line overrides: "a.b=value", "+a.b=value", list indices, typos.
#include <gtest/gtest.h>

#include "ves/config/config_error.hpp"
#include "ves/config/loader.hpp"

namespace ves::config {
namespace {

Node config() {
  return parse_yaml(
      "train:\n"
      "  epochs: 10\n"
      "  optimizer: {name: adamw, lr: 0.001}\n"
      "stages:\n"
      "  - name: pretrain\n"
      "    x: 0\n"
      "  - name: finetune\n"
      "    x: 0\n"
      "empty:\n",
      "c.yaml");
}

std::string error_of(Node& root, const std::string& assignment) {
  try {
    apply_override(root, assignment);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ApplyOverride, ReplacesAnExistingValue) {
  Node root = config();
  apply_override(root, "train.epochs=300");
  EXPECT_EQ(root.at("train").at("epochs").as_int(), 300);
  EXPECT_EQ(root.at("train").keys(), (std::vector<std::string>{"epochs", "optimizer"}));
}

TEST(ApplyOverride, LocatesTheNewValueOnTheCommandLine) {
  Node root = config();
  apply_override(root, "train.epochs=300");
  EXPECT_EQ(root.at("train").at("epochs").where().str(), "<command line>");
}

TEST(ApplyOverride, ParsesTheValueAsYaml) {
  Node root = config();
  apply_override(root, "train.optimizer={name: sgd, momentum: 0.9}");
  apply_override(root, "train.epochs=[1, 2]");
  EXPECT_EQ(root.at("train").at("optimizer").at("momentum").text(), "0.9");
  EXPECT_FALSE(root.at("train").at("optimizer").has("lr"));
  ASSERT_TRUE(root.at("train").at("epochs").is_sequence());
  EXPECT_EQ(root.at("train").at("epochs")[1].as_int(), 2);
}

TEST(ApplyOverride, KeepsQuotedValuesAsStrings) {
  Node root = config();
  apply_override(root, "train.epochs='300'");
  EXPECT_TRUE(root.at("train").at("epochs").quoted());
  EXPECT_EQ(root.at("train").at("epochs").text(), "300");
}

TEST(ApplyOverride, EmptyValueSetsNull) {
  Node root = config();
  apply_override(root, "train.epochs=");
  EXPECT_TRUE(root.at("train").at("epochs").is_null());
}

TEST(ApplyOverride, KeepsEqualSignsInsideTheValue) {
  Node root = config();
  apply_override(root, "train.epochs=a=b");
  EXPECT_EQ(root.at("train").at("epochs").text(), "a=b");
}

TEST(ApplyOverride, IndexesListsByNumber) {
  Node root = config();
  apply_override(root, "stages.1.x=1");
  apply_override(root, "stages[0].x=2");
  EXPECT_EQ(root.at("stages")[1].at("x").text(), "1");
  EXPECT_EQ(root.at("stages")[0].at("x").text(), "2");
}

TEST(ApplyOverride, FindsListElementsByName) {
  Node root = config();
  apply_override(root, "stages.finetune.x=7");
  EXPECT_EQ(root.at("stages")[1].at("x").text(), "7");
}

TEST(ApplyOverride, PlusAddsANewKey) {
  Node root = config();
  apply_override(root, "+train.patience=5");
  EXPECT_EQ(root.at("train").at("patience").as_int(), 5);
  EXPECT_EQ(root.at("train").key_where("patience").str(), "<command line>");
}

TEST(ApplyOverride, PlusCreatesMissingParentMaps) {
  Node root = config();
  apply_override(root, "+logging.tensorboard.every=10");
  EXPECT_EQ(root.find_path("logging.tensorboard.every")->text(), "10");
  apply_override(root, "+empty.inner=1");
  EXPECT_EQ(root.find_path("empty.inner")->text(), "1");
}

TEST(ApplyOverride, PlusAppendsToAListAtItsEnd) {
  Node root = config();
  apply_override(root, "+stages.2={name: evaluate}");
  ASSERT_EQ(root.at("stages").size(), 3u);
  EXPECT_EQ(root.at("stages")[2].at("name").text(), "evaluate");
}

TEST(ApplyOverride, UnknownKeySuggestsTheClosestSibling) {
  Node root = config();
  EXPECT_EQ(error_of(root, "train.epohcs=3"),
            "<command line>: train.epohcs: cannot override a key that does not exist; did you "
            "mean epochs?");
}

TEST(ApplyOverride, UnknownKeyWithoutSuggestionListsKeysAndThePlusForm) {
  Node root = config();
  EXPECT_EQ(error_of(root, "train.batch_size=3"),
            "<command line>: train.batch_size: cannot override a key that does not exist; known "
            "keys here: epochs, optimizer; write +train.batch_size=... to add a new key");
}

TEST(ApplyOverride, UnknownParentIsNamedWhereTheWalkStopped) {
  Node root = config();
  EXPECT_EQ(error_of(root, "trian.epochs=3"),
            "<command line>: trian: cannot override a key that does not exist; did you mean "
            "train?");
}

TEST(ApplyOverride, MissingEqualsSignIsAnError) {
  Node root = config();
  EXPECT_EQ(error_of(root, "train.epochs"),
            "<command line>: override 'train.epochs' must look like key=value; e.g. "
            "train.epochs=300");
}

TEST(ApplyOverride, ListIndexOutOfRangeIsAnError) {
  Node root = config();
  EXPECT_EQ(error_of(root, "stages.5.x=1"),
            "<command line>: stages.5: no element '5' in stages, a list of 2; use an index from 0 "
            "to 1 or the name: of an element");
}

TEST(ApplyOverride, CannotDescendIntoAScalar) {
  Node root = config();
  EXPECT_EQ(error_of(root, "train.epochs.x=1"),
            "<command line>: train.epochs.x: cannot set 'x' inside train.epochs, which is a "
            "scalar");
}

TEST(ApplyOverride, ValueWithBadYamlNamesTheKey) {
  Node root = config();
  const std::string message = error_of(root, "train.epochs=[1, 2");
  EXPECT_EQ(message.rfind("<command line>: train.epochs: cannot read the value '[1, 2': invalid "
                          "YAML: ",
                          0),
            0u)
      << message;
}

TEST(ApplyOverride, EmptyKeyIsAnError) {
  Node root = config();
  EXPECT_THROW(apply_override(root, "=3"), ConfigError);
  EXPECT_THROW(apply_override(root, "train..epochs=3"), ConfigError);
}

}  // namespace
}  // namespace ves::config
