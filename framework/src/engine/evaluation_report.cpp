#include "ves/engine/evaluation_report.hpp"

#include "stages/evaluation_summary.hpp"
#include "ves/engine/run_directory.hpp"

#include <limits>

namespace ves {

EvaluationReport write_evaluation(const std::filesystem::path& dir, const Evaluator& evaluator,
                                  const std::vector<CaseMetrics>& cases,
                                  const std::vector<FailedCase>& failed) {
  std::filesystem::create_directories(dir);
  EvaluationReport report;
  report.per_case_csv = dir / "per_case.csv";
  report.summary_json = dir / "summary.json";
  stages::case_metrics_table(cases, evaluator).write(report.per_case_csv);
  const auto summary = stages::summarize_evaluation(cases, failed, evaluator);
  write_file_atomic(report.summary_json, summary.dump(2) + "\n");
  report.table = stages::summary_table_text(summary);
  report.dice_mean = std::numeric_limits<double>::quiet_NaN();
  const auto& metrics = summary["metrics"];
  if (metrics.contains("dice") && metrics["dice"]["mean"].is_number())
    report.dice_mean = metrics["dice"]["mean"].get<double>();
  return report;
}

}  // namespace ves
