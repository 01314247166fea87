// Parsing YAML text into a tree with positions, and writing it back.
#include <gtest/gtest.h>

#include "ves/config/config_error.hpp"
#include "ves/config/loader.hpp"

namespace ves::config {
namespace {

// Same shape, text and quoting: what a round trip through YAML must preserve.
bool same_tree(const Node& a, const Node& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Node::Kind::Null:
      return true;
    case Node::Kind::Scalar:
      return a.text() == b.text() && a.quoted() == b.quoted();
    case Node::Kind::Sequence:
      if (a.size() != b.size()) return false;
      for (size_t i = 0; i < a.size(); ++i)
        if (!same_tree(a[i], b[i])) return false;
      return true;
    case Node::Kind::Map:
      if (a.keys() != b.keys()) return false;
      for (const auto& [key, value] : a.entries())
        if (!same_tree(value, b.at(key))) return false;
      return true;
  }
  return false;
}

const char* const kPipeline =
    "name: demo\n"            // 1
    "model:\n"                // 2
    "  type: unet3d\n"        // 3
    "  channels: [16, 32]\n"  // 4
    "  dropout: 0.1\n"        // 5
    "tag: \"3\"\n"            // 6
    "note: 'yes'\n"           // 7
    "empty:\n"                // 8
    "stages:\n"               // 9
    "  - name: train\n"       // 10
    "    epochs: 5\n";        // 11

TEST(ParseYaml, KeepsOneBasedLineAndColumnOfValues) {
  const Node root = parse_yaml(kPipeline, "configs/demo.yaml");
  EXPECT_EQ(root.at("model").at("type").where().str(), "configs/demo.yaml:3:9");
  EXPECT_EQ(root.at("model").at("channels")[1].where().str(), "configs/demo.yaml:4:18");
  EXPECT_EQ(root.at("stages")[0].at("epochs").where().str(), "configs/demo.yaml:11:13");
}

TEST(ParseYaml, KeepsTheLocationOfEachKey) {
  const Node root = parse_yaml(kPipeline, "configs/demo.yaml");
  EXPECT_EQ(root.at("model").key_where("dropout").str(), "configs/demo.yaml:5:3");
  EXPECT_EQ(root.key_where("stages").str(), "configs/demo.yaml:9:1");
}

TEST(ParseYaml, KeepsScalarsAsWrittenText) {
  const Node root = parse_yaml(kPipeline, "d.yaml");
  EXPECT_EQ(root.at("model").at("dropout").text(), "0.1");
  EXPECT_EQ(root.at("model").at("channels")[0].as_int(), 16);
  EXPECT_FALSE(root.at("model").at("dropout").quoted());
}

TEST(ParseYaml, MarksQuotedScalarsSoTheyStayStrings) {
  const Node root = parse_yaml(kPipeline, "d.yaml");
  EXPECT_TRUE(root.at("tag").quoted());
  EXPECT_FALSE(root.at("tag").is_int());
  EXPECT_TRUE(root.at("note").quoted());
  EXPECT_FALSE(root.at("note").is_bool());
}

TEST(ParseYaml, TreatsExplicitStrTagAndBlockScalarsAsQuoted) {
  const Node root = parse_yaml("a: !!str 5\nb: |\n  text\n", "d.yaml");
  EXPECT_TRUE(root.at("a").quoted());
  EXPECT_EQ(root.at("a").text(), "5");
  EXPECT_TRUE(root.at("b").quoted());
  EXPECT_EQ(root.at("b").text(), "text\n");
}

TEST(ParseYaml, EmptyValueIsNullLocatedAtItsKey) {
  const Node root = parse_yaml(kPipeline, "d.yaml");
  ASSERT_TRUE(root.at("empty").is_null());
  EXPECT_EQ(root.at("empty").where().str(), "d.yaml:8:1");
  EXPECT_TRUE(parse_yaml("a: ~\nb: null\n", "d.yaml").at("b").is_null());
}

TEST(ParseYaml, EmptyTextIsNull) {
  EXPECT_TRUE(parse_yaml("", "e.yaml").is_null());
  EXPECT_TRUE(parse_yaml("# only a comment\n", "e.yaml").is_null());
}

TEST(ParseYaml, SyntaxErrorNamesFileLineColumnAndYamlMessage) {
  try {
    parse_yaml("a: 1\nb: c: d\n", "bad.yaml");
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "bad.yaml:2:5: invalid YAML: illegal map value");
  }
}

TEST(ParseYaml, UnclosedFlowListIsASyntaxError) {
  try {
    parse_yaml("a: [1, 2\nb: 3\n", "bad.yaml");
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.where().file, "bad.yaml");
    EXPECT_GT(e.where().line, 0);
    EXPECT_EQ(e.problem(), "invalid YAML: end of sequence flow not found");
  }
}

TEST(ParseYaml, RejectsDuplicateKeysNamingBothLines) {
  try {
    parse_yaml("train:\n  epochs: 1\n  epochs: 2\n", "dup.yaml");
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(),
                 "dup.yaml:3:3: train.epochs: duplicate key (first written at line 2); remove one "
                 "of them");
  }
}

TEST(ParseYaml, RejectsSeveralDocuments) {
  EXPECT_THROW(parse_yaml("a: 1\n---\nb: 2\n", "two.yaml"), ConfigError);
}

TEST(NodeToYaml, WritesBlockStyleInKeyOrder) {
  const Node root = parse_yaml("b: 1\na:\n  c: [x, y]\n", "d.yaml");
  EXPECT_EQ(root.to_yaml(), "b: 1\na:\n  c:\n    - x\n    - y\n");
}

TEST(NodeToYaml, RoundTripsThroughParseYaml) {
  const Node root = parse_yaml(kPipeline, "d.yaml");
  const Node again = parse_yaml(root.to_yaml(), "again.yaml");
  EXPECT_TRUE(same_tree(root, again)) << root.to_yaml();
}

TEST(NodeToYaml, QuotesTextThatWouldReadBackAsSomethingElse) {
  Node root = Node::map();
  root.set("count", Node::scalar("3", {}, true));
  root.set("flag", Node::scalar("no", {}, true));
  root.set("colon", Node::scalar("a: b", {}, true));
  root.set("dash", Node::scalar("- x", {}, true));
  root.set("hash", Node::scalar("#x", {}, true));
  root.set("nullish", Node::scalar("null", {}, true));
  root.set("empty", Node::scalar("", {}, true));
  root.set("lines", Node::scalar("one\ntwo", {}, true));
  root.set("ref", Node::scalar("${a.b}"));
  root.set("nothing", Node());
  root.set("no_items", Node::sequence());
  root.set("no_keys", Node::map());
  const Node again = parse_yaml(root.to_yaml(), "again.yaml");
  EXPECT_TRUE(same_tree(root, again)) << root.to_yaml();
  EXPECT_EQ(again.at("count").text(), "3");
  EXPECT_FALSE(again.at("count").is_int());
}

TEST(NodeToYaml, QuotesUnquotedTextThatCannotBeWrittenPlain) {
  Node root = Node::map();
  root.set("colon", Node::scalar("a: b"));
  root.set("bracket", Node::scalar("[x"));
  const Node again = parse_yaml(root.to_yaml(), "again.yaml");
  EXPECT_EQ(again.at("colon").text(), "a: b");
  EXPECT_EQ(again.at("bracket").text(), "[x");
}

TEST(NodeToYaml, FlowStyleFitsOnOneLine) {
  const Node root = parse_yaml("a: [1, 2]\nb: {c: x}\nd: \"3\"\n", "d.yaml");
  EXPECT_EQ(root.at("a").to_flow_yaml(), "[1, 2]");
  EXPECT_EQ(root.at("b").to_flow_yaml(), "{c: x}");
  EXPECT_EQ(root.at("d").to_flow_yaml(), "\"3\"");
}

}  // namespace
}  // namespace ves::config
