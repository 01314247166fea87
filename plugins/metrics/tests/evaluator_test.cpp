// evaluator/segmentation through the built plugin, as a pipeline uses it: YAML -> evaluator ->
// per-case metrics and tags -> aggregate.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <cmath>
#include <initializer_list>

#include "ves/api/evaluator.hpp"
#include "ves/config/config_error.hpp"
#include "ves_test/plugin_under_test.hpp"

namespace {

class SegmentationEvaluator : public ::testing::Test {
 protected:
  std::unique_ptr<ves::Evaluator> evaluator(const std::string& yaml = "{type: segmentation}") {
    return plugin_.make<ves::Evaluator>(yaml, "evaluator");
  }

  ves_test::PluginUnderTest plugin_;
};

using Voxels = std::initializer_list<std::array<int64_t, 3>>;

/// A [1, Z, Y, X] volume of `size` [x, y, z] with `value` at the voxels (x, y, z) listed.
ves::Volume volume_with(std::array<int64_t, 3> size, std::array<double, 3> spacing, Voxels voxels,
                        float value = 1) {
  at::Tensor data = at::zeros({1, size[2], size[1], size[0]}, at::kFloat);
  for (const auto& [x, y, z] : voxels) data[0][z][y][x] = value;
  ves::Volume v{data, {}};
  v.geometry.spacing = spacing;
  return v;
}

ves::Sample sample(const std::string& id, const std::string& key, ves::Volume volume) {
  ves::Sample s;
  s.case_id = id;
  s.volumes[key] = std::move(volume);
  return s;
}

// 4 x 4 x 3 voxels of 0.5 x 0.5 x 2 mm (0.0005 mL): reference 6 voxels, prediction 5, 4 shared.
const std::array<int64_t, 3> kSize{4, 4, 3};
const std::array<double, 3> kSpacing{0.5, 0.5, 2.0};
const Voxels kReference{{1, 1, 1}, {2, 1, 1}, {1, 2, 1}, {2, 2, 1}, {1, 1, 2}, {2, 1, 2}};
const Voxels kPrediction{{1, 1, 1}, {2, 1, 1}, {1, 2, 1}, {2, 2, 1}, {3, 3, 0}};

TEST_F(SegmentationEvaluator, ScoresABinaryCaseAndTagsIt) {
  const auto metrics =
      evaluator()->evaluate(sample("c1", "mask", volume_with(kSize, kSpacing, kPrediction)),
                            sample("c1", "label", volume_with(kSize, kSpacing, kReference)));
  EXPECT_EQ(metrics.case_id, "c1");
  const auto& v = metrics.values;
  EXPECT_EQ(v.size(), 27u);                    // every public metric
  EXPECT_DOUBLE_EQ(v.at("dice"), 8.0 / 11.0);  // TP 4, FP 1, FN 2
  EXPECT_DOUBLE_EQ(v.at("iou"), 4.0 / 7.0);
  EXPECT_EQ(v.at("tn"), 41.0);
  EXPECT_DOUBLE_EQ(v.at("volume_ref_ml"), 0.003);  // 6 x 0.0005 mL
  EXPECT_DOUBLE_EQ(v.at("volume_diff_ml"), -0.0005);
  EXPECT_EQ(v.at("lesion_tp"), 1.0);  // one reference lesion, touched
  // (3, 3, 0) shares a corner with the predicted (2, 2, 1): one predicted component at 26.
  EXPECT_EQ(v.at("lesion_fp"), 0.0);
  EXPECT_EQ(v.at("lesion_count_diff"), 0.0);
  EXPECT_EQ(metrics.tags.at("lesion_size"), "<1mL");
  EXPECT_EQ(metrics.tags.at("empty_reference"), "no");
  EXPECT_EQ(metrics.tags.at("empty_prediction"), "no");
  EXPECT_EQ(metrics.tags.at("detected"), "yes");
}

TEST_F(SegmentationEvaluator, PassesTheDistanceConventionToleranceAndEmptyRule) {
  // Along x (0.5 mm): prediction {4}, reference {0, 1} (borders 0 and 1, both touching x 0..1).
  // pred->ref: 1.5 mm; ref->pred: 2.0 and 1.5 mm.
  const std::array<int64_t, 3> size{6, 1, 1};
  const std::array<double, 3> spacing{0.5, 3.0, 3.0};
  auto scored = [&](const std::string& yaml, Voxels pred) {
    return evaluator(yaml)
        ->evaluate(sample("c", "mask", volume_with(size, spacing, pred)),
                   sample("c", "label", volume_with(size, spacing, {{0, 0, 0}, {1, 0, 0}})))
        .values;
  };
  const auto reloaded = scored("{type: segmentation, nsd_tolerance: 1.5}", {{4, 0, 0}});
  EXPECT_DOUBLE_EQ(reloaded.at("hd"), 2.0);
  EXPECT_DOUBLE_EQ(reloaded.at("hd95"), 1.5 + 0.95 * 0.5);  // larger directed percentile
  EXPECT_DOUBLE_EQ(reloaded.at("assd"), 5.0 / 3.0);
  EXPECT_DOUBLE_EQ(reloaded.at("masd"), (1.5 + 1.75) / 2.0);
  EXPECT_DOUBLE_EQ(reloaded.at("nsd"), 2.0 / 3.0);
  const auto pooled = scored("{type: segmentation, convention: pooled}", {{4, 0, 0}});
  EXPECT_DOUBLE_EQ(pooled.at("hd95"), 1.5 + 0.9 * 0.5);  // [1.5, 1.5, 2.0] at position 1.9
  EXPECT_DOUBLE_EQ(pooled.at("assd"), (1.5 + 1.75) / 2.0);
  const auto empty = scored("{type: segmentation, empty_distance: diagonal}", {});
  EXPECT_DOUBLE_EQ(empty.at("hd"), std::sqrt(3.0 * 3.0 + 3.0 * 3.0 + 3.0 * 3.0));
  EXPECT_DOUBLE_EQ(empty.at("nsd"), 0.0);
  const auto only_dice = scored("{type: segmentation, metrics: [dice]}", {{4, 0, 0}});
  EXPECT_EQ(only_dice.count("hd"), 0u);
}

TEST_F(SegmentationEvaluator, ScoresTheDeepMindConventionOnItsSingleVoxelExample) {
  // google-deepmind/surface-distance's example, moved into an 8^3 grid of (3, 2, 1) mm.
  const std::array<int64_t, 3> size{8, 8, 8};
  const std::array<double, 3> spacing{3.0, 2.0, 1.0};
  const auto v = evaluator("{type: segmentation, convention: deepmind, nsd_tolerance: 1}")
                     ->evaluate(sample("c", "mask", volume_with(size, spacing, {{3, 3, 4}})),
                                sample("c", "label", volume_with(size, spacing, {{3, 3, 2}})))
                     .values;
  EXPECT_DOUBLE_EQ(v.at("asd_ref_to_pred"), 1.5);
  EXPECT_DOUBLE_EQ(v.at("asd_pred_to_ref"), 1.5);
  EXPECT_DOUBLE_EQ(v.at("hd"), 2.0);
  EXPECT_DOUBLE_EQ(v.at("hd95"), 2.0);
  EXPECT_DOUBLE_EQ(v.at("nsd"), 0.5);
  EXPECT_DOUBLE_EQ(v.at("dice"), 0.0);
}

TEST_F(SegmentationEvaluator, ConnectivitySplitsACornerTouchingVoxelIntoAFalsePositive) {
  // At 6-connectivity (3, 3, 0) is its own component and touches no reference voxel.
  const auto metrics =
      evaluator("{type: segmentation, connectivity: 6}")
          ->evaluate(sample("c1", "mask", volume_with(kSize, kSpacing, kPrediction)),
                     sample("c1", "label", volume_with(kSize, kSpacing, kReference)));
  EXPECT_EQ(metrics.values.at("lesion_tp"), 1.0);
  EXPECT_EQ(metrics.values.at("lesion_fp"), 1.0);
  EXPECT_DOUBLE_EQ(metrics.values.at("lesion_f1"), 2.0 / 3.0);  // 1 / (1 + (1 + 0) / 2)
  EXPECT_EQ(metrics.values.at("lesion_count_diff"), 1.0);       // |2 - 1|
}

TEST_F(SegmentationEvaluator, ThresholdsTheProbabilityWhenThereIsNoMask) {
  // prob 0.5 at kPrediction (>= 0.5: foreground), 0.4 at (0, 0, 0) (background).
  ves::Volume prob = volume_with(kSize, kSpacing, kPrediction, 0.5f);
  prob.data[0][0][0][0] = 0.4f;
  const auto metrics =
      evaluator("{type: segmentation, metrics: [dice, fp]}")
          ->evaluate(sample("c1", "prob", prob),
                     sample("c1", "label", volume_with(kSize, kSpacing, kReference)));
  EXPECT_EQ(metrics.values.size(), 2u);
  EXPECT_DOUBLE_EQ(metrics.values.at("dice"), 8.0 / 11.0);
  EXPECT_EQ(metrics.values.at("fp"), 1.0);
  const auto strict =
      evaluator("{type: segmentation, threshold: 0.6, metrics: [dice]}")
          ->evaluate(sample("c1", "prob", prob),
                     sample("c1", "label", volume_with(kSize, kSpacing, kReference)));
  EXPECT_EQ(strict.values.at("dice"), 0.0);  // nothing reaches 0.6
}

TEST_F(SegmentationEvaluator, ScoresEachLabelAndTheirMean) {
  // Label 1: reference (0,0,0),(1,0,0); prediction (0,0,0) -> Dice 2/3.
  // Label 2: reference (3,3,2); prediction (3,3,2) -> Dice 1. Mean 5/6.
  ves::Volume ref = volume_with(kSize, kSpacing, {{0, 0, 0}, {1, 0, 0}});
  ref.data[0][2][3][3] = 2;
  ves::Volume pred = volume_with(kSize, kSpacing, {{0, 0, 0}});
  pred.data[0][2][3][3] = 2;
  const auto metrics = evaluator("{type: segmentation, labels: [1, 2], metrics: [dice, tp]}")
                           ->evaluate(sample("c1", "mask", pred), sample("c1", "label", ref));
  EXPECT_DOUBLE_EQ(metrics.values.at("dice_1"), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(metrics.values.at("dice_2"), 1.0);
  EXPECT_DOUBLE_EQ(metrics.values.at("dice"), 5.0 / 6.0);
  EXPECT_DOUBLE_EQ(metrics.values.at("tp"), 1.0);  // mean of 1 and 1
  EXPECT_EQ(metrics.values.size(), 6u);
}

TEST_F(SegmentationEvaluator, RefusesPredictionsOnAnotherGrid) {
  const auto check = [&](ves::Volume pred, const std::string& expected) {
    try {
      evaluator()->evaluate(sample("case-7", "mask", std::move(pred)),
                            sample("case-7", "label", volume_with(kSize, kSpacing, kReference)));
      ADD_FAILURE() << "no error for " << expected;
    } catch (const ves::DataError& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find("case case-7"), std::string::npos) << message;
      EXPECT_NE(message.find(expected), std::string::npos) << message;
      EXPECT_NE(message.find("0.5x0.5x2 mm"), std::string::npos) << message;  // the reference
      EXPECT_NE(message.find("resample the prediction"), std::string::npos) << message;
    }
  };
  check(volume_with(kSize, {0.5, 0.5, 2.5}, kPrediction), "0.5x0.5x2.5 mm");
  check(volume_with({4, 4, 4}, kSpacing, kPrediction), "1x4x4x4");
  ves::Volume moved = volume_with(kSize, kSpacing, kPrediction);
  moved.geometry.origin[0] = 0.01;  // 2% of the 0.5 mm spacing
  check(moved, "origin (0.01, 0, 0)");
  // Within 1e-4 of the spacing is the same grid.
  moved.geometry.origin[0] = 1e-6;
  EXPECT_NO_THROW(evaluator()->evaluate(
      sample("c", "mask", moved), sample("c", "label", volume_with(kSize, kSpacing, kReference))));
}

TEST_F(SegmentationEvaluator, NamesTheMissingPredictionVolume) {
  try {
    evaluator()->evaluate(sample("case-3", "seg", volume_with(kSize, kSpacing, kPrediction)),
                          sample("case-3", "label", volume_with(kSize, kSpacing, kReference)));
    ADD_FAILURE() << "no error";
  } catch (const ves::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("case case-3: the prediction has neither a 'mask' nor a "
                                         "'prob' volume (it has: seg)"),
              std::string::npos)
        << e.what();
  }
}

TEST_F(SegmentationEvaluator, RejectsUnknownMetricsAndBadParameters) {
  const auto error_of = [&](const std::string& yaml) -> std::string {
    try {
      evaluator(yaml);
    } catch (const ves::config::ConfigError& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_NE(error_of("{type: segmentation, metrics: [dice, dise]}").find("unknown metric 'dise'"),
            std::string::npos);
  EXPECT_NE(error_of("{type: segmentation, connectivity: 8}").find("must be 6, 18 or 26"),
            std::string::npos);
  EXPECT_NE(error_of("{type: segmentation, size_buckets_ml: [10, 1]}").find("strictly increasing"),
            std::string::npos);
  EXPECT_NE(error_of("{type: segmentation, empty_dice: zero}"), "no error");
}

TEST_F(SegmentationEvaluator, BothEmptyFollowsEmptyDice) {
  const auto empty = [&] { return volume_with(kSize, kSpacing, {}); };
  const auto one =
      evaluator()->evaluate(sample("e", "mask", empty()), sample("e", "label", empty()));
  EXPECT_EQ(one.values.at("dice"), 1.0);
  EXPECT_EQ(one.values.at("lesion_f1"), 1.0);
  EXPECT_TRUE(std::isnan(one.values.at("precision")));
  EXPECT_EQ(one.tags.at("lesion_size"), "empty");
  EXPECT_EQ(one.tags.at("empty_reference"), "yes");
  const auto nan = evaluator("{type: segmentation, empty_dice: nan}")
                       ->evaluate(sample("e", "mask", empty()), sample("e", "label", empty()));
  EXPECT_TRUE(std::isnan(nan.values.at("dice")));
  EXPECT_TRUE(std::isnan(nan.values.at("lesion_f1")));
}

TEST_F(SegmentationEvaluator, AggregatesMicroLesionScoresAndCaseRates) {
  const std::array<int64_t, 3> size{8, 6, 4};
  const std::array<double, 3> unit{1, 1, 1};
  const auto eval = evaluator();
  std::vector<ves::CaseMetrics> cases;
  // Case a: reference lesions A (1..2,1,1) and B (5,4,2); the prediction touches A at (2,1,1)
  // and adds (6,1,3). Voxels TP 1, FP 1, FN 2: Dice 2/5. Lesions TP 1, FP 1, FN 1: F1 1/2.
  cases.push_back(eval->evaluate(
      sample("a", "mask", volume_with(size, unit, {{2, 1, 1}, {6, 1, 3}})),
      sample("a", "label", volume_with(size, unit, {{1, 1, 1}, {2, 1, 1}, {5, 4, 2}}))));
  // Case b: one reference lesion, empty prediction. Lesions FN 1; Dice 0, F1 0.
  cases.push_back(eval->evaluate(sample("b", "mask", volume_with(size, unit, {})),
                                 sample("b", "label", volume_with(size, unit, {{3, 3, 3}}))));
  // Case c: empty reference, one predicted voxel. Lesions FP 1; Dice 0, F1 0.
  cases.push_back(eval->evaluate(sample("c", "mask", volume_with(size, unit, {{0, 0, 0}})),
                                 sample("c", "label", volume_with(size, unit, {}))));
  EXPECT_EQ(cases[2].tags.at("empty_reference"), "yes");
  EXPECT_EQ(cases[1].tags.at("detected"), "no");

  const ves::ScalarMap summary = eval->aggregate(cases);
  EXPECT_EQ(summary.at("cases"), 3.0);
  EXPECT_DOUBLE_EQ(summary.at("dice"), 0.4 / 3.0);       // (2/5 + 0 + 0) / 3
  EXPECT_DOUBLE_EQ(summary.at("lesion_f1"), 0.5 / 3.0);  // per-case mean
  // Sums over cases: lesion TP 1, FP 1 + 0 + 1 = 2, FN 1 + 1 + 0 = 2.
  EXPECT_DOUBLE_EQ(summary.at("lesion_precision_micro"), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(summary.at("lesion_recall_micro"), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(summary.at("lesion_f1_micro"), 1.0 / 3.0);  // 1 / (1 + (2 + 2) / 2)
  EXPECT_EQ(summary.at("reference_positive_cases"), 2.0);
  EXPECT_EQ(summary.at("reference_empty_cases"), 1.0);
  EXPECT_DOUBLE_EQ(summary.at("detection_rate"), 0.5);    // a detected, b missed
  EXPECT_DOUBLE_EQ(summary.at("false_alarm_rate"), 1.0);  // c has a predicted voxel
}

TEST_F(SegmentationEvaluator, RatesAreNanWithoutCasesOfTheirKind) {
  const auto eval = evaluator("{type: segmentation, metrics: [dice]}");
  const auto only = eval->evaluate(sample("a", "mask", volume_with(kSize, kSpacing, kPrediction)),
                                   sample("a", "label", volume_with(kSize, kSpacing, kReference)));
  const ves::ScalarMap summary = eval->aggregate({only});
  EXPECT_EQ(summary.at("detection_rate"), 1.0);
  EXPECT_TRUE(std::isnan(summary.at("false_alarm_rate")));
  EXPECT_EQ(summary.count("lesion_f1_micro"), 0u);  // lesion counts were not reported
}

TEST_F(SegmentationEvaluator, SweepsThresholdsAndRanksProbabilities) {
  // Six voxels in a row; reference x = 0, 1, 2. Probabilities 0.9 0.6 0.2 0.7 0.1 0.
  const std::array<int64_t, 3> row{6, 1, 1};
  const std::array<double, 3> unit{1, 1, 1};
  ves::Volume prob = volume_with(row, unit, {});
  const float p[6] = {0.9f, 0.6f, 0.2f, 0.7f, 0.1f, 0.0f};
  for (int x = 0; x < 6; ++x) prob.data[0][0][0][x] = p[x];
  const auto eval = evaluator(
      "{type: segmentation, metrics: [dice, fp], thresholds: [0.8, 0.15, 0.5], "
      "select_by: fp}");
  const auto positive = eval->evaluate(
      sample("pos", "prob", prob),
      sample("pos", "label", volume_with(row, unit, {{0, 0, 0}, {1, 0, 0}, {2, 0, 0}})));
  EXPECT_DOUBLE_EQ(positive.values.at("dice"), 4.0 / 6.0);  // operating threshold 0.5
  ASSERT_EQ(positive.sweep.size(), 3u);
  EXPECT_DOUBLE_EQ(positive.sweep.at(0.15).at("dice"), 6.0 / 7.0);  // TP 3, FP 1
  EXPECT_DOUBLE_EQ(positive.sweep.at(0.5).at("dice"), 4.0 / 6.0);   // TP 2, FP 1, FN 1
  EXPECT_DOUBLE_EQ(positive.sweep.at(0.8).at("dice"), 0.5);         // TP 1, FN 2
  EXPECT_EQ(positive.sweep.at(0.8).at("fp"), 0.0);
  // A second case with an empty reference and probabilities up to 0.3.
  ves::Volume low = volume_with(row, unit, {{4, 0, 0}}, 0.3f);
  const auto negative = eval->evaluate(sample("neg", "prob", low),
                                       sample("neg", "label", volume_with(row, unit, {})));
  const ves::ScalarMap summary = eval->aggregate({positive, negative});
  // Voxels pooled: 0.9 P, 0.7 N, 0.6 P, 0.3 N, 0.2 P, then 0.1 N and six 0 N. AP by hand:
  // 1/3 * 1 + 1/3 * 2/3 + 1/3 * 3/5; ROC: positives above negatives 9 + 8 + 7 of 3 x 9.
  EXPECT_NEAR(summary.at("voxel_average_precision"), 1.0 / 3 + 2.0 / 9 + 1.0 / 5, 1e-12);
  EXPECT_NEAR(summary.at("voxel_roc_auc"), 24.0 / 27.0, 1e-12);
  EXPECT_DOUBLE_EQ(summary.at("case_roc_auc"), 1.0);  // case scores (max) 0.9 vs 0.3
  EXPECT_DOUBLE_EQ(summary.at("case_average_precision"), 1.0);
  const auto settings = eval->settings();
  EXPECT_EQ(settings.at("select_by"), "fp");
  EXPECT_EQ(settings.at("select_goal"), "min");
  EXPECT_EQ(settings.at("thresholds"), "0.15,0.5,0.8");
  EXPECT_EQ(settings.at("metrics"), "dice,fp");
  EXPECT_EQ(settings.at("convention"), "metricsreloaded");
}

TEST_F(SegmentationEvaluator, ScoresACaseByAPercentileOfItsProbabilities) {
  // Six voxels 0.9 0.6 0.2 0.7 0.1 0: sorted 0 0.1 0.2 0.6 0.7 0.9; p50 sits at rank 2.5 ->
  // 0.2 + 0.5 x 0.4 = 0.4 (numpy's linear interpolation); p100 is the max, p0 the min.
  const std::array<int64_t, 3> row{6, 1, 1};
  const std::array<double, 3> unit{1, 1, 1};
  ves::Volume prob = volume_with(row, unit, {});
  const float p[6] = {0.9f, 0.6f, 0.2f, 0.7f, 0.1f, 0.0f};
  for (int x = 0; x < 6; ++x) prob.data[0][0][0][x] = p[x];
  const auto label = sample("c", "label", volume_with(row, unit, {{0, 0, 0}}));
  auto score = [&](const std::string& rule) {
    return evaluator("{type: segmentation, metrics: [dice], case_score: " + rule + "}")
        ->evaluate(sample("c", "prob", prob), label)
        .series.at("case_score")
        .at(0);
  };
  EXPECT_NEAR(score("p50"), 0.4, 1e-6);
  EXPECT_NEAR(score("p100"), 0.9, 1e-6);
  EXPECT_NEAR(score("p0"), 0.0, 1e-6);
  EXPECT_NEAR(score("mean"), 2.5 / 6.0, 1e-6);
  EXPECT_NE(plugin_.error_of<ves::Evaluator>("{type: segmentation, case_score: median}")
                .find("case_score: 'median' is neither max, mean nor pNN"),
            std::string::npos);
}

TEST_F(SegmentationEvaluator, CopiesMetadataToTagsAndLeavesEmptyReferencesOutWhenAsked) {
  auto ref = sample("a", "label", volume_with(kSize, kSpacing, kReference));
  ref.meta["vertebra"] = "L1";
  const auto eval = evaluator(
      "{type: segmentation, metrics: [dice], group_by: [vertebra, scanner], "
      "include_empty_reference: false}");
  const auto a =
      eval->evaluate(sample("a", "mask", volume_with(kSize, kSpacing, kPrediction)), ref);
  EXPECT_EQ(a.tags.at("vertebra"), "L1");
  EXPECT_EQ(a.tags.at("scanner"), "unknown");
  const auto empty = eval->evaluate(sample("e", "mask", volume_with(kSize, kSpacing, {})),
                                    sample("e", "label", volume_with(kSize, kSpacing, {})));
  const auto summary = eval->aggregate({a, empty});
  EXPECT_DOUBLE_EQ(summary.at("dice"), 8.0 / 11.0);  // the empty case (Dice 1) is left out
  EXPECT_EQ(summary.at("cases"), 2.0);
}

TEST_F(SegmentationEvaluator, RejectsABadSweep) {
  const auto error_of = [&](const std::string& yaml) -> std::string {
    try {
      evaluator(yaml);
    } catch (const ves::config::ConfigError& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_NE(error_of("{type: segmentation, thresholds: [0.5, 1.5]}").find("not a probability"),
            std::string::npos);
  EXPECT_NE(error_of("{type: segmentation, thresholds: [0.5, 0.5]}").find("twice"),
            std::string::npos);
  EXPECT_NE(error_of("{type: segmentation, thresholds: [0.5], labels: [1, 2]}")
                .find("needs a binary probability map"),
            std::string::npos);
  EXPECT_NE(error_of("{type: segmentation, metrics: [dice], select_by: hd95}")
                .find("not one of the reported metrics"),
            std::string::npos);
}

}  // namespace
