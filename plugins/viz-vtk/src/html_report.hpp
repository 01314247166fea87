#pragma once
// The HTML report of a run folder: runs/<name>/report/index.html with the pictures copied beside
// it (self-contained), from what the stages wrote: the config, training curves and pictures,
// summary metrics, per-case tables sorted worst-first with overlays, links to the meshes (which
// stay in their stage's folder).
#include <filesystem>

namespace ves::viz {

/// Which parts the report holds (the pipeline's `pictures:` / the report stage's parameters).
struct ReportOptions {
  bool curves = true;      ///< training curves (drawn from metrics.csv when missing)
  bool overlays = true;    ///< per-case overlay pictures in the case tables
  bool meshes = true;      ///< links to mesh files
  bool config = true;      ///< the resolved config.yaml
  int64_t max_cases = 50;  ///< rows of each per-case table (worst first)
};

/// Writes `report_dir`/index.html (atomically) and copies the pictures it shows into
/// `report_dir`; every link and image in it points to a file that exists. `run_dir` is a run
/// folder (run.json) or a `vhost evaluate` output (summary.json, per_case.csv, pictures/).
/// Returns the page.
std::filesystem::path write_report(const std::filesystem::path& run_dir,
                                   const std::filesystem::path& report_dir,
                                   const ReportOptions& options);

}  // namespace ves::viz
