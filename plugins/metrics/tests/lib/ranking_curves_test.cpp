// Precision-recall and ROC areas against scikit-learn 1.2.1 (average_precision_score,
// auc(recall, precision) of precision_recall_curve, roc_auc_score) on the same inputs.
#include "lib/ranking_curves.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace ves::metrics {
namespace {

const std::vector<double> kScores{0.9, 0.8, 0.8, 0.7, 0.6, 0.6, 0.5, 0.4, 0.3, 0.3, 0.2, 0.1};
const std::vector<bool> kTruth{true,  true,  false, true,  false, true,
                               false, false, true,  false, false, false};

TEST(RankingAreas, MatchScikitLearnWithTies) {
  const RankingAreas a = ranking_areas(kScores, kTruth);
  // AP by hand: 0.2*1 + 0.2*2/3 + 0.2*3/4 + 0.2*4/6 + 0.2*5/10.
  EXPECT_NEAR(a.average_precision, 0.7166666666666666, 1e-12);
  EXPECT_NEAR(a.pr_auc_trapezoid, 0.75, 1e-12);
  EXPECT_NEAR(a.roc_auc, 0.7857142857142857, 1e-12);
}

TEST(RankingAreas, PerfectAndInvertedRankings) {
  const RankingAreas perfect = ranking_areas({0.9, 0.8, 0.2, 0.1}, {true, true, false, false});
  EXPECT_DOUBLE_EQ(perfect.average_precision, 1.0);
  EXPECT_DOUBLE_EQ(perfect.roc_auc, 1.0);
  const RankingAreas inverted = ranking_areas({0.1, 0.2, 0.8, 0.9}, {true, true, false, false});
  EXPECT_DOUBLE_EQ(inverted.roc_auc, 0.0);
  EXPECT_NEAR(inverted.average_precision, 0.5 * (1.0 / 3.0) + 0.5 * 0.5, 1e-12);
}

TEST(RankingAreas, UndefinedWithoutPositivesOrNegatives) {
  const RankingAreas none = ranking_areas({0.3, 0.4}, {false, false});
  EXPECT_TRUE(std::isnan(none.average_precision));
  EXPECT_TRUE(std::isnan(none.roc_auc));
  const RankingAreas all = ranking_areas({0.3, 0.4}, {true, true});
  EXPECT_DOUBLE_EQ(all.average_precision, 1.0);
  EXPECT_TRUE(std::isnan(all.roc_auc));
}

TEST(RankingAreas, RejectsMismatchedLengths) {
  EXPECT_THROW(ranking_areas({0.1, 0.2}, {true}), std::invalid_argument);
}

TEST(ScoreHistogram, EqualsExactAreasOnItsBinGrid) {
  // Scores on the 0.1 grid fall in distinct bins exactly, so the binned ranking is exact.
  std::vector<float> scores(kScores.begin(), kScores.end());
  std::vector<uint8_t> truth(kTruth.begin(), kTruth.end());
  ScoreHistogram first(11), second(11);
  first.add(scores.data(), truth.data(), 6);
  second.add(scores.data() + 6, truth.data() + 6, 6);
  first.merge(second);
  const RankingAreas a = first.areas();
  EXPECT_NEAR(a.average_precision, 0.7166666666666666, 1e-12);
  EXPECT_NEAR(a.pr_auc_trapezoid, 0.75, 1e-12);
  EXPECT_NEAR(a.roc_auc, 0.7857142857142857, 1e-12);
}

TEST(ScoreHistogram, ClampsAndRoundsTripsThroughCounts) {
  const std::vector<float> scores{-0.5f, 1.5f, NAN, 0.50004f};
  const std::vector<uint8_t> truth{0, 1, 0, 1};
  ScoreHistogram h;  // 10001 bins: 1e-4 resolution
  h.add(scores.data(), truth.data(), 4);
  EXPECT_EQ(h.negatives()[0], 2.0);  // -0.5 and NaN
  EXPECT_EQ(h.positives()[10000], 1.0);
  EXPECT_EQ(h.positives()[5000], 1.0);
  const ScoreHistogram copy = ScoreHistogram::from_counts(h.positives(), h.negatives());
  EXPECT_DOUBLE_EQ(copy.areas().roc_auc, 1.0);
  EXPECT_THROW(h.merge(ScoreHistogram(11)), std::invalid_argument);
  EXPECT_THROW(ScoreHistogram::from_counts({1.0}, {1.0, 2.0}), std::invalid_argument);
}

TEST(ScoreHistogram, RanksScoresOfAnyRangeItIsGiven) {
  // z-scores in [-5, 50]: the same ranking as the 0.1-grid scores mapped into that range.
  std::vector<float> scores;
  for (double s : kScores) scores.push_back(static_cast<float>(-5.0 + 55.0 * s));
  std::vector<uint8_t> truth(kTruth.begin(), kTruth.end());
  ScoreHistogram h(11, -5.0, 50.0);
  h.add(scores.data(), truth.data(), static_cast<int64_t>(scores.size()));
  EXPECT_NEAR(h.areas().roc_auc, 0.7857142857142857, 1e-12);
  const std::vector<float> outside{-9.0f, 80.0f};
  const std::vector<uint8_t> labels{1, 0};
  h.add(outside.data(), labels.data(), 2);
  EXPECT_EQ(h.positives()[0], 1.0);   // -9 counts as -5 (no score above was that low)
  EXPECT_EQ(h.negatives()[10], 1.0);  // 80 counts as 50 (nor that high)
  EXPECT_THROW(ScoreHistogram(11, 1.0, 1.0), std::invalid_argument);
}

}  // namespace
}  // namespace ves::metrics
