// Item-level validation metrics: ranking areas against scikit-learn, threshold sweeps against
// hand counts, histograms.
#include "item_metrics.hpp"

#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <cmath>

using ves::stages::ItemMetrics;
using ves::stages::ItemMetricsOptions;

namespace {

at::Tensor logit(const std::vector<double>& p) {
  return at::logit(at::tensor(p, at::kDouble)).to(at::kFloat);
}

}  // namespace

// Reference values: sklearn.metrics.average_precision_score and roc_auc_score (1.2.1).
TEST(RankingScores, MatchScikitLearnWithTies) {
  const auto [ap, roc] = ves::stages::ranking_scores(at::tensor({0.9, 0.8, 0.8, 0.3, 0.1, 0.7}),
                                                     at::tensor({1, 0, 1, 0, 0, 1}));
  EXPECT_NEAR(ap, 0.8055555555555556, 1e-12);
  EXPECT_NEAR(roc, 0.8333333333333334, 1e-12);
  const auto [ap_ties, roc_ties] =
      ves::stages::ranking_scores(at::tensor({0.5, 0.5, 0.5, 0.5}), at::tensor({1, 0, 1, 0}));
  EXPECT_NEAR(ap_ties, 0.5, 1e-12);
  EXPECT_NEAR(roc_ties, 0.5, 1e-12);
  EXPECT_TRUE(std::isnan(ves::stages::ranking_scores(at::tensor({0.2}), at::tensor({0})).first));
  const auto only_positive =
      ves::stages::ranking_scores(at::tensor({0.2, 0.4}), at::tensor({1, 1}));
  EXPECT_NEAR(only_positive.first, 1.0, 1e-12);
  EXPECT_TRUE(std::isnan(only_positive.second));
}

TEST(ThresholdRange, SpacesItsCandidatesEvenlyFromFirstToLast) {
  const auto t = ves::stages::threshold_range(0.001, 0.95, 95);
  ASSERT_EQ(t.size(), 95u);
  EXPECT_DOUBLE_EQ(t.front(), 0.001);
  EXPECT_DOUBLE_EQ(t.back(), 0.95);
  EXPECT_NEAR(t[1] - t[0], (0.95 - 0.001) / 94, 1e-15);
}

// Class head: probabilities 0.9, 0.6, 0.4, 0.2 for truths 1, 0, 1, 0. Accuracy at 0.5: 2/4.
// Thresholds {0.3, 0.5, 0.7}: at 0.3 TP 2 FP 1 -> F1 0.8; at 0.5 TP 1 FP 1 -> 0.5; at 0.7 TP 1
// FP 0 -> 2/3. Best F1 0.8 at 0.3. Ranking: 0.9+ 0.6- 0.4+ 0.2-: AP = 0.5 x 1 + 0.5 x 2/3.
TEST(ItemMetrics, ScoresTheClassHeadAndPicksTheF1Threshold) {
  ItemMetricsOptions options;
  options.thresholds = {0.3, 0.5, 0.7};
  ItemMetrics metrics(options);
  ves::Batch batch;
  batch.tensors["slice_label"] = at::tensor({1.0, 0.0, 1.0, 0.0});
  metrics.add({{"class_logits", logit({0.9, 0.6, 0.4, 0.2}).unsqueeze(1)}}, batch);
  const auto v = metrics.values();
  EXPECT_DOUBLE_EQ(v.at("val_accuracy"), 0.5);
  EXPECT_NEAR(v.at("val_f1"), 0.8, 1e-12);
  EXPECT_DOUBLE_EQ(v.at("val_f1_threshold"), 0.3);
  EXPECT_NEAR(v.at("val_prauc"), 0.5 + 0.5 * 2.0 / 3.0, 1e-9);
  EXPECT_NEAR(v.at("val_rocauc"), 0.75, 1e-9);
  EXPECT_NEAR(v.at("val_class_prob_mean"), 0.525, 1e-6);
  EXPECT_EQ(v.count("val_seg_dice"), 0u);
}

// Map head over two batches: reference pixels 1 1 0 0 | 1 0, probabilities 0.02 0.65 0.01 0.3 |
// 0.04 0.001. Thresholds {0.005, 0.03, 0.5}: at 0.005 TP 3 FP 2 FN 0 -> Dice 6/8; at 0.03 TP 2
// FP 1 FN 1 -> 4/6; at 0.5 TP 1 FP 0 FN 2 -> 2/4. Best 0.75 at 0.005, IoU there 3/5.
TEST(ItemMetrics, PoolsMapPixelsOverBatchesAndPicksTheDiceThreshold) {
  ItemMetricsOptions options;
  options.thresholds = {0.005, 0.03, 0.5};
  options.bins = 10;
  ItemMetrics metrics(options);
  ves::Batch a, b;
  a.tensors["label"] = at::tensor({1.0, 1.0, 0.0, 0.0}).reshape({1, 1, 2, 2});
  b.tensors["label"] = at::tensor({1.0, 0.0}).reshape({1, 1, 1, 2});
  metrics.add({{"seg_logits", logit({0.02, 0.65, 0.01, 0.3}).reshape({1, 1, 2, 2})}}, a);
  metrics.add({{"seg_logits", logit({0.04, 0.001}).reshape({1, 1, 1, 2})}}, b);
  const auto v = metrics.values();
  EXPECT_NEAR(v.at("val_seg_dice"), 0.75, 1e-12);
  EXPECT_NEAR(v.at("val_seg_iou"), 0.6, 1e-12);
  EXPECT_DOUBLE_EQ(v.at("val_seg_threshold"), 0.005);
  EXPECT_NEAR(v.at("val_seg_prob_max"), 0.65, 1e-6);
  const auto rows = metrics.histograms();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].head, "seg");
  EXPECT_EQ(rows[0].truth, 0);  // negatives 0.01, 0.3, 0.001 -> bins 0, 3, 0
  EXPECT_EQ(rows[0].counts, (std::vector<int64_t>{2, 0, 0, 1, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(rows[1].counts, (std::vector<int64_t>{2, 0, 0, 0, 0, 0, 1, 0, 0, 0}));
}

TEST(ItemMetrics, CallsAnEmptyReferenceWithNothingPredictedPerfect) {
  ItemMetricsOptions options;
  options.thresholds = {0.5};
  ItemMetrics metrics(options);
  ves::Batch batch;
  batch.tensors["label"] = at::zeros({2, 1, 2, 2});
  metrics.add({{"seg_logits", at::full({2, 1, 2, 2}, -8.0)}}, batch);
  EXPECT_DOUBLE_EQ(metrics.values().at("val_seg_dice"), 1.0);
}
