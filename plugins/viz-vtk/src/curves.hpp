#pragma once
// Callback `curves`: after every training epoch, curves.png in the training folder (<stage>/ or
// <stage>/fold_<k>/) from its metrics.csv: losses, the other metrics (validation scores, model
// diagnostics) and the learning rate (log scale), one chart each; and histograms.png from
// val_histograms.csv when a validation sampler writes it (recipe A's probability histograms).
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

/// The last epoch's probability histograms of a val_histograms.csv table (epoch, head, truth,
/// bin_low, bin_high, count), one chart per head: the share of negative and of positive items
/// (pixels for the map) per probability bin, log scale. Undefined tensor when the table is empty.
at::Tensor probability_histograms(const CsvTable& histograms, int width);

class CurvesCallback final : public StageCallback {
 public:
  explicit CurvesCallback(const config::Params& params);
  static config::Schema schema();
  void on_epoch_end(const EpochReport& report) override;

 private:
  int width_;
};

}  // namespace ves::viz
