// Stage `report`: runs/<name>/report/index.html from what the earlier stages wrote. Put it last
// in `stages:`; `vhost report RUN_DIR` runs it again on a finished run.
//
// report:
//   type: report
//   pictures: {curves: true, overlays: true, meshes: true, config: true}
//   max_cases: 50
#include <algorithm>

#include "html_report.hpp"
#include "report_stage.hpp"
#include "ves/config/config_error.hpp"
#include "ves/core/error.hpp"
#include "ves/core/log.hpp"

namespace ves::viz {
namespace {

constexpr const char* kParts[] = {"curves", "overlays", "meshes", "config"};

void check_pictures(const config::Node& map, const std::string& key) {
  if (!map.is_map())
    throw config::ConfigError(map.where(), key, "expected a map such as {curves: true}");
  for (const auto& [part, value] : map.entries()) {
    const bool known = std::find(std::begin(kParts), std::end(kParts), part) != std::end(kParts);
    if (!known)
      throw config::ConfigError(value.where(), key + "." + part,
                                "unknown part; the report has curves, overlays, meshes, config");
    if (!value.is_scalar() || !value.is_bool())
      throw config::ConfigError(value.where(), key + "." + part, "expected true or false");
  }
}

}  // namespace

ReportStage::ReportStage(const config::Params& p) {
  options_.max_cases = p.get_int("max_cases");
  if (p.has("pictures") && !p.node("pictures").is_null()) {
    const config::Node& parts = p.node("pictures");
    const auto flag = [&](const char* part, bool fallback) {
      const config::Node* v = parts.find(part);
      return v ? v->as_bool() : fallback;
    };
    options_.curves = flag("curves", true);
    options_.overlays = flag("overlays", true);
    options_.meshes = flag("meshes", true);
    options_.config = flag("config", true);
  }
}

config::Schema ReportStage::schema() {
  config::Schema s;
  s.any("pictures",
        "parts of the report to include: {curves, overlays, meshes, config}, each true or false "
        "(default all true)");
  s.check("pictures", check_pictures);
  s.integer("max_cases", 50, "rows of each per-case table (worst cases first)", 1);
  return s;
}

void ReportStage::run(const StageContext& stage) {
  const std::filesystem::path run_dir = stage.dir.parent_path();
  const auto page = write_report(run_dir, stage.dir, options_);
  log().info("report: {} (open it in a web browser)", page.string());
}

}  // namespace ves::viz
