#pragma once
// Writing an evaluation's results: per_case.csv and summary.json, shared by the pipeline's infer
// stage and `vhost evaluate`. Formats: docs/metrics.md, "Output files".
#include <filesystem>
#include <string>
#include <vector>

#include "ves/api/evaluator.hpp"

namespace ves {

/// A case that could not be scored, and why (listed under summary.json's failed_cases).
struct FailedCase {
  std::string case_id;
  std::string reason;
};

/// What write_evaluation wrote.
struct EvaluationReport {
  std::filesystem::path per_case_csv;
  std::filesystem::path summary_json;
  std::string table;  ///< the summary as a console table
  double dice_mean;   ///< metrics.dice.mean, NaN when absent
};

/// Writes `dir`/per_case.csv and `dir`/summary.json atomically (creating `dir`).
EvaluationReport write_evaluation(const std::filesystem::path& dir, const Evaluator& evaluator,
                                  const std::vector<CaseMetrics>& cases,
                                  const std::vector<FailedCase>& failed);

}  // namespace ves
