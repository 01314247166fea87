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
//     thresholds: [0.3, 0.5]    # probability thresholds swept (summary.json `thresholds`)
//     select_by: dice           # metric choosing best_threshold and ranking worst cases
//     group_by: [vertebra]      # case metadata keys copied to tags (summary breakdowns)
//     case_score: max           # max | mean | pNN of the probability: the case-level ranking score
//     score_range: [0, 1]       # value range of the probability map for the voxel-level ranking
#include <map>
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
  /// the tags lesion_size, empty_reference, empty_prediction, detected (any TP voxel) and the
  /// group_by metadata. With a probability volume also: the metrics per swept threshold (`sweep`),
  /// a voxel score histogram and the case score (`series`).
  CaseMetrics evaluate(const Sample& prediction, const Sample& reference) const override;
  /// The base mean/std, plus micro lesion scores ("lesion_f1_micro"...), detection_rate,
  /// false_alarm_rate, reference_positive_cases, reference_empty_cases, and with probabilities
  /// {voxel,case}_{average_precision,pr_auc_trapezoid,roc_auc}.
  ScalarMap aggregate(const std::vector<CaseMetrics>& cases) const override;
  /// convention, metrics, select_by/select_goal, include_empty_reference and the other options.
  std::map<std::string, std::string> settings() const override;

 private:
  /// What one prediction map scores against the reference map, over the selected labels.
  struct Scored {
    ScalarMap values;
    double reference_ml = 0;
    bool any_predicted = false;
    bool any_detected = false;
  };
  Scored score(const at::Tensor& prediction, const at::Tensor& reference,
               const MaskGrid& grid) const;
  void add_ranking(const Volume& probability, const at::Tensor& reference,
                   CaseMetrics& result) const;

  PredictionSource source_;
  std::string reference_key_;
  std::vector<int64_t> labels_;
  MetricOptions options_;
  std::vector<std::string> reported_;  ///< in metric_names() order
  std::vector<double> size_buckets_ml_;
  std::vector<double> thresholds_;
  std::string select_by_;
  bool include_empty_reference_ = true;
  std::vector<std::string> group_by_;
  std::string case_score_;
  std::pair<double, double> score_range_{0.0, 1.0};  // voxel histogram range
  std::map<std::string, std::string> settings_;
};

/// The parameters of evaluator/segmentation, with their defaults.
config::Schema segmentation_evaluator_schema();

}  // namespace ves::metrics
