#pragma once
// Callback `overlays`: per inferred case, the image with the reference (green) and predicted
// (magenta) contours on the slices of largest lesion, the middle and worst disagreement, in the
// three orientations: <stage>/pictures/<case>_overlay.png.
//
// callbacks:
//   - type: overlays
//     image: image          # the grey background
//     reference: label      # contour 1 (skipped when the case has none)
//     prediction: mask      # contour 2
//     window: []            # [lo, hi] grey window; [] = the image's 0.5-99.5th percentiles
//     stages: [infer]       # [] = every stage
//     max_cases: 8
#include <filesystem>
#include <map>
#include <set>

#include "stage_callback.hpp"

namespace ves::viz {

class OverlaysCallback final : public StageCallback {
 public:
  explicit OverlaysCallback(const config::Params& params);
  static config::Schema schema();

  void on_prediction(const std::string& stage, int64_t epoch, const Sample& input,
                     const std::map<std::string, Volume>& outputs) override;

 private:
  std::string image_, reference_, prediction_;
  std::vector<double> window_;
  int64_t max_cases_, panel_px_;
  std::map<std::string, int64_t> written_;
  std::set<std::string> warned_;
};

/// The overlay montage of one case: rows largest lesion / middle / worst error, columns axial /
/// coronal / sagittal, titles and a colour legend; [H, W, 3] uint8.
at::Tensor overlay_montage(const std::string& title, const Volume& image,
                           const std::optional<Volume>& reference,
                           const std::optional<Volume>& prediction, double lo, double hi,
                           int64_t panel_px);

}  // namespace ves::viz
