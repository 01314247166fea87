#pragma once
// Evaluator: per-case metrics from prediction + reference, and their aggregation.
#include <vector>

#include "ves/api/component.hpp"
#include "ves/core/sample.hpp"

namespace ves {

/// Metrics of one case, plus string tags used to split results (size bucket, spacing bucket).
struct CaseMetrics {
  std::string case_id;
  ScalarMap values;
  std::map<std::string, std::string> tags;
};

class Evaluator : public Component {
 public:
  static constexpr const char* kKind = "evaluator";
  /// Metrics for one case; `prediction` and `reference` share the same grid.
  virtual CaseMetrics evaluate(const Sample& prediction, const Sample& reference) const = 0;
  /// Summary over cases; default: mean of each metric over the cases where it is finite,
  /// as "<metric>" plus "<metric>_std" and "cases".
  virtual ScalarMap aggregate(const std::vector<CaseMetrics>& cases) const;
};

}  // namespace ves
