#pragma once
// What a score is when both masks are empty, so there is nothing to compare.
#include <string>

namespace ves::metrics {

/// Value of Dice, IoU and lesion F1 when prediction and reference are both empty.
enum class EmptyScore {
  One,  ///< a perfect score: nothing to find, nothing found (ISLES'22, nnU-Net's default)
  NaN,  ///< undefined: the case is left out of means (MetricsReloaded's default)
};

/// "one" or "nan"; throws std::invalid_argument otherwise.
EmptyScore parse_empty_score(const std::string& name);
/// The value the rule gives: 1 or NaN.
double empty_score_value(EmptyScore rule);

}  // namespace ves::metrics
