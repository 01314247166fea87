#pragma once
// Per-case metrics as a table, and their summary.json: metrics.<name>.{mean, std, median, min,
// max, count} over the cases where the metric is finite, plus the evaluator's own aggregates.
#include <nlohmann/json.hpp>
#include <vector>

#include "ves/api/evaluator.hpp"
#include "ves/engine/csv_table.hpp"

namespace ves::stages {

/// One row per case: case, the tags, then every metric.
CsvTable case_metrics_table(const std::vector<CaseMetrics>& cases);

/// {"cases": n, "metrics": {name: {mean, std, median, min, max, count}}}; values of
/// `aggregate` that are not per-case metrics (e.g. detection_rate) become {name: {value}}.
nlohmann::json summarize_metrics(const std::vector<CaseMetrics>& cases, const ScalarMap& aggregate);

}  // namespace ves::stages
