#pragma once
// Validation metrics over items (slices, patches) rather than whole cases: for a classification
// output, accuracy, PR-AUC (average precision), ROC-AUC and the F1-optimal threshold; for a
// 1-channel map, Dice and IoU pooled over every pixel at the Dice-optimal threshold; and
// histograms of the predicted probabilities, to spot a model stuck near zero.
#include <ATen/Tensor.h>

#include <string>
#include <vector>

#include "ves/core/batch.hpp"
#include "ves/core/tensor_map.hpp"

namespace ves::stages {

struct ItemMetricsOptions {
  std::string class_output = "class_logits";  ///< logits [B, 1] (skipped when absent)
  std::string class_target = "slice_label";   ///< batch scalar [B], 0 or 1
  std::string seg_output = "seg_logits";      ///< logits [B, 1, ...] (skipped when absent)
  std::string label = "label";                ///< batch tensor [B, 1, ...], > 0 = foreground
  std::vector<double> thresholds;             ///< ascending candidates swept for F1 and Dice
  int64_t bins = 20;                          ///< histogram bins over [0, 1]
};

/// Average precision (step-wise, scikit-learn's average_precision_score) and ROC-AUC (ties as
/// one threshold) of `scores` against `truth` (> 0 = positive); NaN when undefined.
std::pair<double, double> ranking_scores(const at::Tensor& scores, const at::Tensor& truth);

/// `count` thresholds evenly spaced from `first` to `last` (the candidate list of a sweep).
std::vector<double> threshold_range(double first, double last, int64_t count);

/// One histogram row: probabilities of `head` ("class" or "seg") whose truth is `truth`.
struct HistogramRow {
  std::string head;
  int truth = 0;
  std::vector<int64_t> counts;  ///< per bin over [0, 1]
};

class ItemMetrics {
 public:
  explicit ItemMetrics(ItemMetricsOptions options);
  /// Accumulates one batch's outputs (any device) against its targets.
  void add(const TensorMap& outputs, const Batch& batch);
  /// val_accuracy (at 0.5), val_prauc, val_rocauc, val_f1 and val_f1_threshold (best over the
  /// thresholds), val_class_prob_mean; val_seg_dice, val_seg_iou, val_seg_threshold (best Dice),
  /// val_seg_prob_max. Only the heads that were seen.
  ScalarMap values() const;
  /// Probability histograms per head and truth (empty heads left out).
  std::vector<HistogramRow> histograms() const;

 private:
  ItemMetricsOptions options_;
  std::vector<at::Tensor> class_probs_, class_truth_;
  at::Tensor seg_positive_, seg_negative_;  ///< pixel counts per threshold bin (float64)
  at::Tensor seg_hist_positive_, seg_hist_negative_;
  double seg_prob_max_ = 0.0;
  bool seen_seg_ = false;
};

}  // namespace ves::stages
