#pragma once
// Callback `middle_slices`: pictures of a stage's predictions, e.g. per epoch the input,
// reconstruction and error map of a VQ-VAE (train/pictures/epoch_012.png), or per inferred case.
//
// callbacks:
//   - type: middle_slices
//     volumes: [image, recon]      # rows, from the case or the model's outputs (grey)
//     difference: [image, recon]   # adds a row |image - recon| (heat map); [] for none
//     heat: [error, prob]          # heat maps over [0, their 99.9th percentile] instead
//     stages: [train]              # [] = every stage
//     every: 1                     # training epochs between pictures
//     max_cases: 8                 # pictures per inference stage
#include <filesystem>
#include <map>
#include <set>

#include "slice_montage.hpp"
#include "stage_callback.hpp"

namespace ves::viz {

class MiddleSlicesCallback final : public StageCallback {
 public:
  explicit MiddleSlicesCallback(const config::Params& params);
  static config::Schema schema();

  void on_prediction(const std::string& stage, int64_t epoch, const Sample& input,
                     const std::map<std::string, Volume>& outputs) override;
  void on_epoch_end(const EpochReport& report) override;

 private:
  /// The picture of one prediction, or an undefined tensor when a volume is missing.
  at::Tensor picture(const std::string& title, const Sample& input,
                     const std::map<std::string, Volume>& outputs) const;
  /// `rgb` with a strip on the right holding a labelled colour bar beside each heat-map row.
  at::Tensor with_colour_bars(const at::Tensor& rgb, const std::vector<MontageRow>& rows) const;

  std::vector<std::string> volumes_, difference_;
  std::set<std::string> heat_;
  int64_t every_, max_cases_, panel_px_;
  std::map<std::string, int64_t> pictures_written_;
  std::map<std::string, at::Tensor> pending_;  // per stage: the epoch's picture until epoch end
  std::set<std::string> warned_;
};

}  // namespace ves::viz
