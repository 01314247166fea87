// Voxel counts, overlap scores, volumes and empty-mask rules against hand-computed values.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "lib/segmentation_metrics.hpp"
#include "lib/size_buckets.hpp"
#include "mask_builder.hpp"

namespace {

using namespace ves::metrics;
using ves_metrics_test::mask_with;

// 4 x 4 x 3 voxels of 0.5 x 0.5 x 2 mm = 0.5 mm^3 = 0.0005 mL each, 48 voxels in all.
const MaskGrid kGrid{{4, 4, 3}, {0.5, 0.5, 2.0}};

// Reference: 6 voxels; prediction: 5 voxels, 4 of them on the reference.
// TP = 4, FP = 1, FN = 2, TN = 48 - 4 - 1 - 2 = 41.
const auto kReference =
    mask_with(kGrid, {{1, 1, 1}, {2, 1, 1}, {1, 2, 1}, {2, 2, 1}, {1, 1, 2}, {2, 1, 2}});
const auto kPrediction = mask_with(kGrid, {{1, 1, 1}, {2, 1, 1}, {1, 2, 1}, {2, 2, 1}, {3, 3, 0}});

TEST(OverlapMetrics, CountsEveryVoxelOnce) {
  const SegmentationMetrics m = compute_segmentation_metrics(kPrediction, kReference, kGrid);
  EXPECT_EQ(m.confusion.tp, 4);
  EXPECT_EQ(m.confusion.fp, 1);
  EXPECT_EQ(m.confusion.fn, 2);
  EXPECT_EQ(m.confusion.tn, 41);
}

TEST(OverlapMetrics, ScoresMatchTheirFormulas) {
  const Overlap o = compute_segmentation_metrics(kPrediction, kReference, kGrid).overlap;
  EXPECT_DOUBLE_EQ(o.dice, 8.0 / 11.0);  // 2*4 / (2*4 + 1 + 2)
  EXPECT_DOUBLE_EQ(o.iou, 4.0 / 7.0);    // 4 / (4 + 1 + 2)
  EXPECT_DOUBLE_EQ(o.precision, 4.0 / 5.0);
  EXPECT_DOUBLE_EQ(o.recall, 4.0 / 6.0);
  EXPECT_DOUBLE_EQ(o.specificity, 41.0 / 42.0);  // 41 / (41 + 1)
}

TEST(OverlapMetrics, VolumesUseTheAnisotropicVoxelSize) {
  const Overlap o = compute_segmentation_metrics(kPrediction, kReference, kGrid).overlap;
  EXPECT_DOUBLE_EQ(kGrid.voxel_volume_ml(), 0.0005);  // 0.5 * 0.5 * 2 mm^3 / 1000
  EXPECT_DOUBLE_EQ(o.volume_pred_ml, 0.0025);         // 5 voxels
  EXPECT_DOUBLE_EQ(o.volume_ref_ml, 0.003);           // 6 voxels
  EXPECT_DOUBLE_EQ(o.volume_diff_ml, -0.0005);        // pred - ref = -1 voxel
  EXPECT_DOUBLE_EQ(o.abs_volume_diff_ml, 0.0005);
}

TEST(OverlapMetrics, AnyNonzeroByteIsForeground) {
  const auto reference = mask_with(kGrid, {{0, 0, 0}, {1, 0, 0}}, 255);
  const auto prediction = mask_with(kGrid, {{0, 0, 0}}, 7);
  const SegmentationMetrics m = compute_segmentation_metrics(prediction, reference, kGrid);
  EXPECT_EQ(m.confusion.tp, 1);
  EXPECT_EQ(m.confusion.fn, 1);
  EXPECT_DOUBLE_EQ(m.overlap.dice, 2.0 / 3.0);
}

TEST(OverlapMetrics, TheScanFindsTheBoxOfBothMasks) {
  // Union: x 1..3, y 1..3, z 0..2.
  const MaskScan scan = scan_masks(kPrediction.data(), kReference.data(), kGrid);
  EXPECT_EQ(scan.foreground.lo, (std::array<int64_t, 3>{1, 1, 0}));
  EXPECT_EQ(scan.foreground.hi, (std::array<int64_t, 3>{3, 3, 2}));
  const auto empty = mask_with(kGrid, {});
  EXPECT_TRUE(scan_masks(empty.data(), empty.data(), kGrid).foreground.empty());
}

TEST(EmptyMasks, BothEmptyScoreOneByDefaultAndNanOnRequest) {
  const auto empty = mask_with(kGrid, {});
  const SegmentationMetrics one = compute_segmentation_metrics(empty, empty, kGrid);
  EXPECT_EQ(one.overlap.dice, 1.0);
  EXPECT_EQ(one.overlap.iou, 1.0);
  EXPECT_EQ(one.lesion_scores.f1, 1.0);
  EXPECT_TRUE(std::isnan(one.overlap.precision));  // no predicted voxel
  EXPECT_TRUE(std::isnan(one.overlap.recall));     // no reference voxel
  EXPECT_EQ(one.overlap.specificity, 1.0);         // 48 / (48 + 0)
  EXPECT_TRUE(std::isnan(one.lesion_scores.precision));
  EXPECT_TRUE(std::isnan(one.lesion_scores.recall));
  EXPECT_EQ(one.overlap.abs_volume_diff_ml, 0.0);

  MetricOptions nan_rule;
  nan_rule.empty_score = parse_empty_score("nan");
  const SegmentationMetrics nan = compute_segmentation_metrics(empty, empty, kGrid, nan_rule);
  EXPECT_TRUE(std::isnan(nan.overlap.dice));
  EXPECT_TRUE(std::isnan(nan.overlap.iou));
  EXPECT_TRUE(std::isnan(nan.lesion_scores.f1));
}

TEST(EmptyMasks, OneEmptyMaskScoresZeroNotTheEmptyRule) {
  const auto empty = mask_with(kGrid, {});
  const SegmentationMetrics missed = compute_segmentation_metrics(empty, kReference, kGrid);
  EXPECT_EQ(missed.overlap.dice, 0.0);
  EXPECT_EQ(missed.overlap.recall, 0.0);
  EXPECT_TRUE(std::isnan(missed.overlap.precision));
  EXPECT_EQ(missed.lesion_scores.f1, 0.0);  // 0 / (0 + (0 + 1) / 2)
  const SegmentationMetrics alarm = compute_segmentation_metrics(kPrediction, empty, kGrid);
  EXPECT_EQ(alarm.overlap.dice, 0.0);
  EXPECT_EQ(alarm.overlap.precision, 0.0);
  EXPECT_TRUE(std::isnan(alarm.overlap.recall));
}

TEST(EmptyMasks, SpecificityIsNanWhenEveryVoxelIsReference) {
  const std::vector<uint8_t> full(48, 1);
  const Overlap o = compute_segmentation_metrics(full, full, kGrid).overlap;
  EXPECT_TRUE(std::isnan(o.specificity));
  EXPECT_EQ(o.dice, 1.0);
}

TEST(MetricNames, NamedValuesFollowThePublicNames) {
  MetricOptions no_lesions;
  no_lesions.lesion_wise = false;
  no_lesions.surface_wise = false;
  const auto values =
      named_values(compute_segmentation_metrics(kPrediction, kReference, kGrid, no_lesions));
  ASSERT_EQ(values.size(), 13u);  // the lesion and distance metrics are left out
  for (size_t i = 0; i < values.size(); ++i) EXPECT_EQ(values[i].first, metric_names()[i]);
  EXPECT_EQ(values[5].first, "tp");
  EXPECT_EQ(values[5].second, 4.0);
  EXPECT_EQ(named_values(compute_segmentation_metrics(kPrediction, kReference, kGrid)).size(),
            metric_names().size());
  EXPECT_TRUE(is_lesion_metric("lesion_f1"));
  EXPECT_FALSE(is_lesion_metric("dice"));
  EXPECT_TRUE(is_surface_metric("hd95"));
  EXPECT_FALSE(is_surface_metric("lesion_f1"));
}

TEST(BadInput, WrongVectorSizesAndRulesAreRejected) {
  EXPECT_THROW(compute_segmentation_metrics(std::vector<uint8_t>(47), kReference, kGrid),
               std::invalid_argument);
  EXPECT_THROW(parse_empty_score("zero"), std::invalid_argument);
  MetricOptions bad;
  bad.connectivity = 8;
  EXPECT_THROW(compute_segmentation_metrics(kPrediction, kReference, kGrid, bad),
               std::invalid_argument);
}

TEST(SizeBuckets, NameTheRangeHoldingTheVolume) {
  const std::vector<double> thresholds{1, 10};
  EXPECT_EQ(size_bucket(0.0, thresholds), "empty");
  EXPECT_EQ(size_bucket(0.2, thresholds), "<1mL");
  EXPECT_EQ(size_bucket(1.0, thresholds), "1-10mL");  // lower bound inclusive
  EXPECT_EQ(size_bucket(9.99, thresholds), "1-10mL");
  EXPECT_EQ(size_bucket(10.0, thresholds), ">=10mL");
  EXPECT_EQ(size_bucket(0.5, {0.25}), ">=0.25mL");
  EXPECT_EQ(size_bucket(3.0, {}), "nonempty");
}

}  // namespace
