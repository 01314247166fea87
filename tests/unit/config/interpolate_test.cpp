// ${a.b} and ${env:NAME} interpolation.
#include <gtest/gtest.h>

#include <cstdlib>

#include "ves/config/config_error.hpp"
#include "ves/config/loader.hpp"

namespace ves::config {
namespace {

Node resolved(const std::string& yaml) {
  Node root = parse_yaml(yaml, "i.yaml");
  interpolate(root);
  return root;
}

std::string error_of(const std::string& yaml) {
  try {
    resolved(yaml);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(Interpolate, WholeValueReferenceCopiesTheNode) {
  const Node root = resolved(
      "vars: {size: [64, 64, 32], lr: 0.01}\n"
      "model:\n"
      "  patch: ${vars.size}\n"
      "  lr: ${vars.lr}\n");
  ASSERT_TRUE(root.at("model").at("patch").is_sequence());
  EXPECT_EQ(root.at("model").at("patch")[2].as_int(), 32);
  EXPECT_DOUBLE_EQ(root.at("model").at("lr").as_double(), 0.01);
}

TEST(Interpolate, CopiedNodesTakeTheirNewPath) {
  const Node root = resolved("a: {b: {c: 1}}\nx: ${a.b}\n");
  EXPECT_EQ(root.at("x").at("c").path(), "x.c");
}

TEST(Interpolate, TextualReferenceInsertsScalarText) {
  const Node root = resolved("name: unet\nfold: 2\nout: runs/${name}_fold${fold}\n");
  EXPECT_EQ(root.at("out").text(), "runs/unet_fold2");
}

TEST(Interpolate, QuotedReferenceStaysAString) {
  const Node root = resolved("n: 5\ns: \"${n}\"\n");
  EXPECT_EQ(root.at("s").text(), "5");
  EXPECT_TRUE(root.at("s").quoted());
  EXPECT_FALSE(root.at("s").is_int());
}

TEST(Interpolate, ResolvesChainsOfReferencesInAnyOrder) {
  const Node root = resolved("a: ${b}\nb: ${c}\nc: 7\n");
  EXPECT_EQ(root.at("a").as_int(), 7);
  EXPECT_EQ(root.at("b").as_int(), 7);
}

TEST(Interpolate, CopiesAMapWhoseValuesAreReferencesResolved) {
  const Node root = resolved("base:\n  lr: ${lr}\nlr: 0.5\nmodel: ${base}\n");
  EXPECT_EQ(root.at("model").at("lr").text(), "0.5");
}

TEST(Interpolate, ReferencesListElementsByIndexAndName) {
  const Node root = resolved(
      "stages:\n  - name: pre\n    lr: 1\n  - name: fine\n    lr: 2\n"
      "a: ${stages.0.lr}\nb: ${stages.fine.lr}\n");
  EXPECT_EQ(root.at("a").text(), "1");
  EXPECT_EQ(root.at("b").text(), "2");
}

TEST(Interpolate, ReadsEnvironmentVariables) {
  ::setenv("VES_TEST_DATA_ROOT", "/data/isles", 1);
  const Node root =
      resolved("root: ${env:VES_TEST_DATA_ROOT}\nimages: ${env:VES_TEST_DATA_ROOT}/img\n");
  EXPECT_EQ(root.at("root").text(), "/data/isles");
  EXPECT_EQ(root.at("images").text(), "/data/isles/img");
}

TEST(Interpolate, UnsetEnvironmentVariableIsAnErrorNamingIt) {
  ::unsetenv("VES_TEST_SURELY_UNSET");
  EXPECT_EQ(error_of("a: 1\nroot: ${env:VES_TEST_SURELY_UNSET}\n"),
            "i.yaml:2:7: root: environment variable VES_TEST_SURELY_UNSET is not set (in "
            "${env:VES_TEST_SURELY_UNSET}); set it, or override this key on the command line");
}

TEST(Interpolate, UnresolvedReferenceSuggestsTheMissingSegment) {
  EXPECT_EQ(error_of("train:\n  epochs: 3\nsched:\n  steps: ${train.epohcs}\n"),
            "i.yaml:4:10: sched.steps: cannot resolve ${train.epohcs}: train has no key "
            "'epohcs'; did you mean epochs?");
}

TEST(Interpolate, UnresolvedTopLevelReferenceSaysSo) {
  EXPECT_EQ(error_of("a: ${nothing_here}\n"),
            "i.yaml:1:4: a: cannot resolve ${nothing_here}: there is no top-level key "
            "'nothing_here'");
}

TEST(Interpolate, DetectsACycleNamingTheChain) {
  EXPECT_EQ(error_of("a: ${b}\nb: ${a}\n"),
            "i.yaml:2:4: b: interpolation cycle a -> b -> a; a value cannot refer to itself or "
            "to a map that contains it");
}

TEST(Interpolate, DetectsAReferenceToAnEnclosingMap) {
  const std::string message = error_of("a:\n  b: ${a}\n");
  EXPECT_NE(message.find("interpolation cycle a -> a.b -> a"), std::string::npos) << message;
}

TEST(Interpolate, CannotInsertAMapIntoText) {
  EXPECT_EQ(error_of("m: {x: 1}\nt: see ${m}\n"),
            "i.yaml:2:4: t: cannot insert a map into text: ${m} is a map; write the reference "
            "alone as the whole value to copy it");
}

TEST(Interpolate, BackslashDollarIsALiteral) {
  const Node root = resolved("t: cost \\${x}\n");
  EXPECT_EQ(root.at("t").text(), "cost ${x}");
}

TEST(Interpolate, UnclosedReferenceIsAnError) {
  EXPECT_THROW(resolved("t: ${a\n"), ConfigError);
}

}  // namespace
}  // namespace ves::config
