#pragma once
// Lesion-wise detection by connected components, with the ISLES'22 definitions.
#include <cstdint>

#include "lib/empty_rule.hpp"
#include "lib/mask_grid.hpp"

namespace ves::metrics {

/// Lesion counts of one case. A reference lesion is detected (TP) when any predicted voxel
/// overlaps it, else missed (FN); a predicted component overlapping no reference voxel is a
/// false positive (FP). One predicted component may detect several reference lesions.
struct LesionCounts {
  int64_t tp = 0;
  int64_t fp = 0;
  int64_t fn = 0;
  int64_t reference_lesions = 0;  ///< components of the reference (tp + fn)
  int64_t predicted_lesions = 0;  ///< components of the prediction
};

/// Labels both masks inside `foreground` (the box holding every foreground voxel of either,
/// from scan_masks; an empty box means no lesions) and matches their components.
/// `connectivity` is 6, 18 or 26; throws std::invalid_argument otherwise.
LesionCounts count_lesions(const uint8_t* prediction, const uint8_t* reference,
                           const MaskGrid& grid, const VoxelBox& foreground, int connectivity);

/// Lesion-wise scores; a ratio with denominator 0 is NaN, except F1 with no lesion at all.
struct LesionScores {
  double precision = 0;   ///< TP / (TP + FP); NaN with no predicted component
  double recall = 0;      ///< TP / (TP + FN); NaN with no reference lesion
  double f1 = 0;          ///< TP / (TP + (FP + FN) / 2); the EmptyScore rule when all are 0
  double count_diff = 0;  ///< |predicted_lesions - reference_lesions| (ISLES'22)
};

/// Scores of one case's counts.
LesionScores lesion_scores(const LesionCounts& counts, EmptyScore no_lesions);
/// Precision, recall and F1 (count_diff 0) of lesion counts, which may be sums over cases
/// (micro averages) or means over labels, hence real numbers.
LesionScores detection_scores(double tp, double fp, double fn, EmptyScore no_lesions);

}  // namespace ves::metrics
