#pragma once
// Voxel overlap scores and volumes from confusion counts (formulas: plugins/metrics/README.md).
#include "lib/confusion.hpp"
#include "lib/empty_rule.hpp"

namespace ves::metrics {

/// Overlap scores of one binary mask pair. A ratio whose denominator is 0 is NaN, except Dice
/// and IoU with both masks empty, which follow the EmptyScore rule.
struct Overlap {
  double dice = 0;                ///< 2 TP / (2 TP + FP + FN)
  double iou = 0;                 ///< TP / (TP + FP + FN)
  double precision = 0;           ///< TP / (TP + FP); NaN with no predicted voxel
  double recall = 0;              ///< TP / (TP + FN); NaN with no reference voxel
  double specificity = 0;         ///< TN / (TN + FP); NaN when every voxel is reference
  double volume_pred_ml = 0;      ///< (TP + FP) x voxel volume / 1000
  double volume_ref_ml = 0;       ///< (TP + FN) x voxel volume / 1000
  double volume_diff_ml = 0;      ///< volume_pred_ml - volume_ref_ml
  double abs_volume_diff_ml = 0;  ///< |volume_diff_ml| (ISLES'22 "absolute volume difference")
};

/// Scores from `counts`; `voxel_volume_ml` converts counts to mL.
Overlap overlap_scores(const Confusion& counts, double voxel_volume_ml, EmptyScore both_empty);

}  // namespace ves::metrics
