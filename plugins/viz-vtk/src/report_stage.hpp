#pragma once
// Stage `report`: the run's HTML report (see html_report.hpp), written into the stage's folder.
#include "html_report.hpp"
#include "ves/api/stage.hpp"
#include "ves/config/params.hpp"

namespace ves::viz {

class ReportStage final : public Stage {
 public:
  explicit ReportStage(const config::Params& params);
  static config::Schema schema();
  /// Reads the run folder above `stage.dir` and writes `stage.dir`/index.html.
  void run(const StageContext& stage) override;

 private:
  ReportOptions options_;
};

}  // namespace ves::viz
