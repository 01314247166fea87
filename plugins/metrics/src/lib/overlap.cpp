#include "lib/overlap.hpp"

#include <cmath>
#include <limits>

namespace ves::metrics {
namespace {

double ratio(int64_t numerator, int64_t denominator) {
  if (denominator == 0) return std::numeric_limits<double>::quiet_NaN();
  return static_cast<double>(numerator) / static_cast<double>(denominator);
}

}  // namespace

Overlap overlap_scores(const Confusion& c, double voxel_volume_ml, EmptyScore both_empty) {
  Overlap o;
  const bool nothing = c.tp + c.fp + c.fn == 0;
  o.dice = nothing ? empty_score_value(both_empty) : ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn);
  o.iou = nothing ? empty_score_value(both_empty) : ratio(c.tp, c.tp + c.fp + c.fn);
  o.precision = ratio(c.tp, c.tp + c.fp);
  o.recall = ratio(c.tp, c.tp + c.fn);
  o.specificity = ratio(c.tn, c.tn + c.fp);
  o.volume_pred_ml = static_cast<double>(c.predicted()) * voxel_volume_ml;
  o.volume_ref_ml = static_cast<double>(c.referenced()) * voxel_volume_ml;
  // From the count difference, so equal volumes give exactly 0.
  o.volume_diff_ml = static_cast<double>(c.predicted() - c.referenced()) * voxel_volume_ml;
  o.abs_volume_diff_ml = std::abs(o.volume_diff_ml);
  return o;
}

}  // namespace ves::metrics
