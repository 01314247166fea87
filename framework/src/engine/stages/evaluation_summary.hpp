#pragma once
// What an evaluation writes: per_case.csv (one row per case: `case`, the metrics, then the tags)
// and summary.json (statistics per metric, threshold sweep, case rates, breakdowns, worst cases,
// failed cases). Formats: docs/metrics.md, "Output files".
#include <nlohmann/json.hpp>
#include <vector>

#include "ves/api/evaluator.hpp"
#include "ves/engine/csv_table.hpp"
#include "ves/engine/evaluation_report.hpp"

namespace ves::stages {

/// One row per case: `case`, the metrics (the evaluator's `metrics` setting first, in its order;
/// per-label columns after their metric), then the tags.
CsvTable case_metrics_table(const std::vector<CaseMetrics>& cases, const Evaluator& evaluator);

/// The content of summary.json; NaN and infinities are the strings "nan", "inf", "-inf".
nlohmann::ordered_json summarize_evaluation(const std::vector<CaseMetrics>& cases,
                                            const std::vector<FailedCase>& failed,
                                            const Evaluator& evaluator, int worst_count = 5);

/// The summary as a readable console table (metric, mean, median, std, n; then the rates).
std::string summary_table_text(const nlohmann::ordered_json& summary);

}  // namespace ves::stages
