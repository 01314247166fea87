// The configuration tree: maps, lists, paths, typed scalars, merging.
#include <gtest/gtest.h>

#include <cmath>

#include "ves/config/config_error.hpp"
#include "ves/config/node.hpp"

namespace ves::config {
namespace {

Node tree() {
  Node root = Node::map({"t.yaml", 1, 1});
  Node train = Node::map({"t.yaml", 2, 3});
  train.set("epochs", Node::scalar("10", {"t.yaml", 3, 11}));
  root.set("train", train);
  Node stages = Node::sequence();
  Node first = Node::map();
  first.set("name", Node::scalar("pretrain"));
  first.set("lr", Node::scalar("0.1"));
  Node second = Node::map();
  second.set("name", Node::scalar("finetune"));
  second.set("lr", Node::scalar("0.01"));
  stages.push_back(first);
  stages.push_back(second);
  root.set("stages", stages);
  return root;
}

TEST(NodeMap, KeepsInsertionOrderAndReplacesInPlace) {
  Node m = Node::map();
  m.set("b", Node::scalar("1"));
  m.set("a", Node::scalar("2"));
  m.set("b", Node::scalar("3"));
  EXPECT_EQ(m.keys(), (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(m.at("b").text(), "3");
  EXPECT_EQ(m.size(), 2u);
}

TEST(NodeMap, EraseRemovesKeyAndReportsWhetherItExisted) {
  Node m = Node::map();
  m.set("a", Node::scalar("1"));
  EXPECT_TRUE(m.erase("a"));
  EXPECT_FALSE(m.erase("a"));
  EXPECT_FALSE(m.has("a"));
}

TEST(NodeMap, AtOnMissingKeyNamesPathLocationAndSuggestion) {
  Node root = tree();
  root.set_path("");
  try {
    root.at("train").at("epoch");
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "t.yaml:2:3: train.epoch: missing key; did you mean epochs?");
  }
}

TEST(NodeMap, SetOnNullNodeMakesItAMap) {
  Node n;
  n.set("a", Node::scalar("1"));
  EXPECT_TRUE(n.is_map());
}

TEST(NodeMap, KeyWhereFallsBackToValueThenMapLocation) {
  Node m = Node::map({"m.yaml", 1, 1});
  m.set("a", Node::scalar("1", {"m.yaml", 2, 4}));
  m.set("b", Node::scalar("2"));
  m.set("c", Node::scalar("3", {"m.yaml", 4, 4}));
  m.set_key_where("c", {"m.yaml", 4, 1});
  EXPECT_EQ(m.key_where("a").str(), "m.yaml:2:4");
  EXPECT_EQ(m.key_where("b").str(), "m.yaml:1:1");
  EXPECT_EQ(m.key_where("c").str(), "m.yaml:4:1");
}

TEST(NodeSequence, PushBackOnNullMakesAList) {
  Node n;
  n.push_back(Node::scalar("x"));
  ASSERT_TRUE(n.is_sequence());
  EXPECT_EQ(n[0].text(), "x");
}

TEST(NodeSequence, IndexOutOfRangeIsAConfigError) {
  Node n = Node::sequence({"l.yaml", 1, 1});
  n.push_back(Node::scalar("x"));
  EXPECT_THROW(n[1], ConfigError);
}

TEST(NodeKindName, NamesEachKindForMessages) {
  EXPECT_EQ(Node().kind_name(), "null");
  EXPECT_EQ(Node::scalar("1").kind_name(), "scalar");
  EXPECT_EQ(Node::sequence().kind_name(), "list");
  EXPECT_EQ(Node::map().kind_name(), "map");
}

TEST(NodePath, SetPathNamesMapKeysWithDotsAndListElementsWithBrackets) {
  Node root = tree();
  root.set_path("");
  EXPECT_EQ(root.at("train").at("epochs").path(), "train.epochs");
  EXPECT_EQ(root.at("stages")[1].path(), "stages[1]");
  EXPECT_EQ(root.at("stages")[1].at("lr").path(), "stages[1].lr");
}

TEST(NodeFindPath, FollowsKeysAndListIndices) {
  const Node root = tree();
  ASSERT_NE(root.find_path("stages.1.lr"), nullptr);
  EXPECT_EQ(root.find_path("stages.1.lr")->text(), "0.01");
  EXPECT_EQ(root.find_path("train.epochs")->text(), "10");
}

TEST(NodeFindPath, AcceptsBracketIndices) {
  const Node root = tree();
  ASSERT_NE(root.find_path("stages[0].lr"), nullptr);
  EXPECT_EQ(root.find_path("stages[0].lr")->text(), "0.1");
}

TEST(NodeFindPath, FindsListElementByItsNameField) {
  const Node root = tree();
  ASSERT_NE(root.find_path("stages.finetune.lr"), nullptr);
  EXPECT_EQ(root.find_path("stages.finetune.lr")->text(), "0.01");
}

TEST(NodeFindPath, ReturnsNullForMissingKeysIndicesAndScalars) {
  const Node root = tree();
  EXPECT_EQ(root.find_path("train.epoch"), nullptr);
  EXPECT_EQ(root.find_path("stages.2"), nullptr);
  EXPECT_EQ(root.find_path("train.epochs.x"), nullptr);
  EXPECT_EQ(root.find_path("stages.nosuch"), nullptr);
}

TEST(NodeFindPath, EmptyPathIsTheNodeItself) {
  const Node root = tree();
  EXPECT_EQ(root.find_path(""), &root);
}

TEST(NodeSplitPath, TreatsBracketsAsDots) {
  const std::vector<std::string> expected{"a", "b", "0", "c"};
  EXPECT_EQ(Node::split_path("a.b.0.c"), expected);
  EXPECT_EQ(Node::split_path("a.b[0].c"), expected);
  EXPECT_EQ(Node::split_path("a[1][2]"), (std::vector<std::string>{"a", "1", "2"}));
  EXPECT_EQ(Node::split_path("a..b"), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_TRUE(Node::split_path("").empty());
}

TEST(NodeMerge, MergesMapsRecursivelyWithOtherWinning) {
  Node base = tree();
  Node top = Node::map();
  Node train = Node::map();
  train.set("epochs", Node::scalar("300"));
  train.set("batch", Node::scalar("2"));
  top.set("train", train);
  top.set("seed", Node::scalar("7"));
  base.merge(top);
  EXPECT_EQ(base.at("train").at("epochs").text(), "300");
  EXPECT_EQ(base.at("train").at("batch").text(), "2");
  EXPECT_EQ(base.at("seed").text(), "7");
  EXPECT_EQ(base.at("stages").size(), 2u);
  EXPECT_EQ(base.keys(), (std::vector<std::string>{"train", "stages", "seed"}));
}

TEST(NodeMerge, ReplacesListsAndScalarsWhole) {
  Node base = tree();
  Node top = Node::map();
  Node stages = Node::sequence();
  stages.push_back(Node::scalar("only"));
  top.set("stages", stages);
  top.set("train", Node::scalar("off"));
  base.merge(top);
  ASSERT_EQ(base.at("stages").size(), 1u);
  EXPECT_EQ(base.at("stages")[0].text(), "only");
  EXPECT_EQ(base.at("train").text(), "off");
}

TEST(NodeMerge, KeepsKeyLocationsOfTheWinningSide) {
  Node base = Node::map();
  base.set("a", Node::scalar("1"));
  base.set_key_where("a", {"base.yaml", 1, 1});
  Node top = Node::map();
  top.set("a", Node::scalar("2"));
  top.set_key_where("a", {"top.yaml", 5, 3});
  base.merge(top);
  EXPECT_EQ(base.key_where("a").str(), "top.yaml:5:3");
}

TEST(NodeScalar, IntAcceptsSignedDecimalText) {
  EXPECT_EQ(Node::scalar("42").as_int(), 42);
  EXPECT_EQ(Node::scalar("-7").as_int(), -7);
  EXPECT_EQ(Node::scalar("+7").as_int(), 7);
  EXPECT_FALSE(Node::scalar("1.0").is_int());
  EXPECT_FALSE(Node::scalar("12abc").is_int());
  EXPECT_FALSE(Node::scalar("+-1").is_int());
  EXPECT_FALSE(Node::scalar("99999999999999999999").is_int());
}

TEST(NodeScalar, DoubleAcceptsIntsExponentsAndInfinities) {
  EXPECT_DOUBLE_EQ(Node::scalar("3").as_double(), 3.0);
  EXPECT_DOUBLE_EQ(Node::scalar("1e-3").as_double(), 0.001);
  EXPECT_DOUBLE_EQ(Node::scalar(".5").as_double(), 0.5);
  EXPECT_DOUBLE_EQ(Node::scalar("-2.5").as_double(), -2.5);
  EXPECT_TRUE(std::isinf(Node::scalar(".inf").as_double()));
  EXPECT_LT(Node::scalar("-inf").as_double(), 0);
  EXPECT_TRUE(std::isnan(Node::scalar("nan").as_double()));
  EXPECT_TRUE(std::isnan(Node::scalar(".NaN").as_double()));
  EXPECT_FALSE(Node::scalar("1e").is_double());
  EXPECT_FALSE(Node::scalar("abc").is_double());
  EXPECT_FALSE(Node::scalar("0x10").is_double());
}

TEST(NodeScalar, BoolAcceptsYamlSpellings) {
  for (const char* t : {"true", "True", "yes", "on", "ON"}) EXPECT_TRUE(Node::scalar(t).as_bool());
  for (const char* f : {"false", "no", "off", "No"}) EXPECT_FALSE(Node::scalar(f).as_bool());
  EXPECT_FALSE(Node::scalar("1").is_bool());
}

TEST(NodeScalar, QuotedTextIsNeverANumberOrBool) {
  const Node quoted = Node::scalar("3", {"q.yaml", 1, 4}, true);
  EXPECT_FALSE(quoted.is_int());
  EXPECT_FALSE(quoted.is_double());
  EXPECT_FALSE(Node::scalar("true", {}, true).is_bool());
  try {
    quoted.as_int();
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "q.yaml:1:4: expected int, got the string '3'");
  }
}

TEST(NodeScalar, TypedAccessNamesPathAndLocationOnFailure) {
  Node root = Node::map();
  root.set("epochs", Node::scalar("ten", {"t.yaml", 3, 9}));
  root.set_path("");
  try {
    root.at("epochs").as_int();
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "t.yaml:3:9: epochs: expected int, got 'ten'");
  }
}

TEST(NodeScalar, TextOfAMapIsAConfigError) {
  EXPECT_THROW(Node::map().text(), ConfigError);
  EXPECT_THROW(Node().text(), ConfigError);
}

}  // namespace
}  // namespace ves::config
