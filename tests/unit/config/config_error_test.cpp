// SourceLocation formatting, ConfigError's message shape and did_you_mean suggestions.
#include <gtest/gtest.h>

#include "ves/config/config_error.hpp"

namespace ves::config {
namespace {

TEST(SourceLocation, PrintsFileLineAndColumn) {
  EXPECT_EQ((SourceLocation{"configs/x.yaml", 14, 5}.str()), "configs/x.yaml:14:5");
}

TEST(SourceLocation, OmitsColumnWhenUnknown) {
  EXPECT_EQ((SourceLocation{"configs/x.yaml", 14, 0}.str()), "configs/x.yaml:14");
}

TEST(SourceLocation, PrintsOnlyFileWhenLineUnknown) {
  EXPECT_EQ(SourceLocation{"<command line>"}.str(), "<command line>");
}

TEST(ConfigErrorMessage, JoinsLocationKeyProblemAndHint) {
  const ConfigError e({"configs/x.yaml", 14, 5}, "model.lerning_rate",
                      "unknown parameter of model unet3d", "did you mean learning_rate?");
  EXPECT_STREQ(e.what(),
               "configs/x.yaml:14:5: model.lerning_rate: unknown parameter of model unet3d; did "
               "you mean learning_rate?");
  EXPECT_EQ(e.where().line, 14);
  EXPECT_EQ(e.key(), "model.lerning_rate");
  EXPECT_EQ(e.problem(), "unknown parameter of model unet3d");
  EXPECT_EQ(e.hint(), "did you mean learning_rate?");
}

TEST(ConfigErrorMessage, OmitsKeyWhenEmpty) {
  const ConfigError e({"a.yaml", 2, 3}, "", "invalid YAML: illegal map value");
  EXPECT_STREQ(e.what(), "a.yaml:2:3: invalid YAML: illegal map value");
}

TEST(ConfigErrorMessage, OmitsHintWhenEmpty) {
  const ConfigError e({"a.yaml", 2, 0}, "train.epochs", "expected int, got 'abc'");
  EXPECT_STREQ(e.what(), "a.yaml:2: train.epochs: expected int, got 'abc'");
}

TEST(ConfigErrorMessage, IsCaughtAsFrameworkError) {
  try {
    throw ConfigError({"a.yaml"}, "k", "bad");
  } catch (const ves::Error& e) {
    EXPECT_STREQ(e.what(), "a.yaml: k: bad");
  }
}

TEST(DidYouMean, SuggestsCandidateOneDeletionAway) {
  EXPECT_EQ(did_you_mean("lerning_rate", {"epochs", "learning_rate", "momentum"}), "learning_rate");
}

TEST(DidYouMean, CountsSwappedNeighboursAsOneEdit) {
  // "ephocs" is two substitutions for Levenshtein but one transposition for Damerau.
  EXPECT_EQ(did_you_mean("ephocs", {"epochs", "seed"}), "epochs");
}

TEST(DidYouMean, IgnoresCase) {
  EXPECT_EQ(did_you_mean("AdamW", {"sgd", "adamw"}), "adamw");
}

TEST(DidYouMean, PrefersTheClosestCandidate) {
  EXPECT_EQ(did_you_mean("adamw2", {"adam", "adamw", "sgd"}), "adamw");
}

TEST(DidYouMean, ReturnsEmptyWhenNothingIsClose) {
  EXPECT_EQ(did_you_mean("batch_size", {"epochs", "seed"}), "");
}

TEST(DidYouMean, DoesNotSuggestACompleteRewriteOfAShortWord) {
  EXPECT_EQ(did_you_mean("lr", {"bs"}), "");
}

TEST(DidYouMean, AllowsMoreEditsForLongWords) {
  // 18 characters allow 6 edits: two insertions and four deletions reach "foreground_ratio".
  EXPECT_EQ(did_you_mean("forground_rato_xyz", {"foreground_ratio"}), "foreground_ratio");
  EXPECT_EQ(did_you_mean("abc", {"xyzzy"}), "");
}

TEST(DidYouMean, ReturnsEmptyForNoCandidates) {
  EXPECT_EQ(did_you_mean("x", {}), "");
}

}  // namespace
}  // namespace ves::config
