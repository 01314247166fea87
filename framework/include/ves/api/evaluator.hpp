#pragma once
// Evaluator: per-case metrics from prediction + reference, and their aggregation.
#include <vector>

#include "ves/api/component.hpp"
#include "ves/core/sample.hpp"

namespace ves {

/// Metrics of one case, plus string tags used to split results (size bucket, spacing bucket).
/// Tag `empty_reference` ("yes"/"no") lets summaries leave such cases out of means.
struct CaseMetrics {
  std::string case_id;
  ScalarMap values;                         ///< at the operating threshold
  std::map<std::string, std::string> tags;  ///< breakdown keys, e.g. lesion_size: "<1ml"
  std::map<double, ScalarMap> sweep;        ///< values per swept threshold (empty: not swept)
  std::map<std::string, std::vector<double>> series;  ///< arrays aggregate() pools (histograms)
};

class Evaluator : public Component {
 public:
  static constexpr const char* kKind = "evaluator";
  /// Metrics for one case; `prediction` and `reference` share the same grid.
  virtual CaseMetrics evaluate(const Sample& prediction, const Sample& reference) const = 0;
  /// Summary over cases; default: mean of each metric over the cases where it is finite,
  /// as "<metric>" plus "<metric>_std" and "cases".
  virtual ScalarMap aggregate(const std::vector<CaseMetrics>& cases) const;
  /// How the evaluator was set up, written at the top of summary.json. Keys the report reads:
  /// `select_by` (metric choosing best_threshold; `select_goal` "max"/"min") and
  /// `include_empty_reference` ("true"/"false": empty-reference cases in the means).
  virtual std::map<std::string, std::string> settings() const { return {}; }
};

}  // namespace ves
