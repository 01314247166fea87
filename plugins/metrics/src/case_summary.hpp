#pragma once
// Summaries over cases beyond per-metric means: micro lesion scores and case-level rates.
#include <vector>

#include "lib/empty_rule.hpp"
#include "ves/api/evaluator.hpp"

namespace ves::metrics {

/// Tags evaluator/segmentation sets on every case ("yes"/"no"), read back by add_case_rates.
inline constexpr const char* kEmptyReferenceTag = "empty_reference";
inline constexpr const char* kEmptyPredictionTag = "empty_prediction";
inline constexpr const char* kDetectedTag = "detected";  ///< any true-positive voxel
inline constexpr const char* kLesionSizeTag = "lesion_size";

/// For each "lesion_tp<suffix>" present with its "lesion_fp"/"lesion_fn" in every case that has
/// it: lesion_precision/recall/f1<suffix>_micro from their sums over those cases.
void add_micro_lesion_scores(const std::vector<CaseMetrics>& cases, EmptyScore no_lesions,
                             ScalarMap& summary);

/// detection_rate (reference-positive cases with a true-positive voxel / reference-positive
/// cases), false_alarm_rate (reference-empty cases with a predicted voxel / reference-empty
/// cases; each NaN without such cases), reference_positive_cases, reference_empty_cases.
void add_case_rates(const std::vector<CaseMetrics>& cases, ScalarMap& summary);

}  // namespace ves::metrics
