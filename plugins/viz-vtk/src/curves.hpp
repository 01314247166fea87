#pragma once
// Callback `curves`: after every training epoch, <stage>/[fold<k>/]curves.png from its
// metrics.csv: losses, the other metrics (validation scores, model diagnostics) and the
// learning rate (log scale), one chart each.
//
// callbacks:
//   - type: curves
//     stages: [train]     # [] = every stage
//     width: 720
#include <filesystem>
#include <set>

#include "stage_callback.hpp"
#include "ves/engine/csv_table.hpp"

namespace ves::viz {

/// The charts of a metrics.csv table stacked into one picture [H, width, 3] uint8.
at::Tensor training_curves(const CsvTable& metrics, int width);

class CurvesCallback final : public StageCallback {
 public:
  explicit CurvesCallback(const config::Params& params);
  static config::Schema schema();
  void on_epoch_end(const EpochReport& report) override;

 private:
  int width_;
};

}  // namespace ves::viz
