#pragma once
// evaluator/segmentation: the metrics library applied to the cases of a pipeline.
//
//   evaluator:
//     type: segmentation
//     prediction: mask          # prediction volume (nonzero = foreground, or a label map)
//     reference: label          # reference volume
//     probability: prob         # used when `prediction` is absent: prob >= threshold
//     threshold: 0.5
//     labels: []                # [] = binary (> 0); [1, 2] = per label + their mean
//     connectivity: 26          # 6 | 18 | 26, for lesion-wise metrics
//     empty_dice: one           # one | nan: Dice, IoU, lesion F1 when both masks are empty
//     metrics: [dice, ...]      # names to report (default: all)
//     size_buckets_ml: [1, 10]  # reference volume thresholds of the lesion_size tag
#include <set>
#include <string>
#include <vector>

#include "case_masks.hpp"
#include "lib/segmentation_metrics.hpp"
#include "ves/api/evaluator.hpp"
#include "ves/config/params.hpp"

namespace ves::metrics {

class SegmentationEvaluator final : public Evaluator {
 public:
  explicit SegmentationEvaluator(const config::Params& params);
  /// The selected metrics, per label as "<metric>_<label>" plus their mean as "<metric>", and
  /// the tags lesion_size, empty_reference, empty_prediction and detected (any TP voxel).
  CaseMetrics evaluate(const Sample& prediction, const Sample& reference) const override;
  /// The base mean/std, plus micro lesion scores ("lesion_f1_micro"...), detection_rate,
  /// false_alarm_rate, reference_positive_cases and reference_empty_cases.
  ScalarMap aggregate(const std::vector<CaseMetrics>& cases) const override;

 private:
  PredictionSource source_;
  std::string reference_key_;
  std::vector<int64_t> labels_;
  MetricOptions options_;
  std::set<std::string> reported_;
  std::vector<double> size_buckets_ml_;
};

/// The parameters of evaluator/segmentation, with their defaults.
config::Schema segmentation_evaluator_schema();

}  // namespace ves::metrics
