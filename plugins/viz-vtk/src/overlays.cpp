#include "overlays.hpp"

#include <array>

#include <ATen/ATen.h>
#include <fmt/format.h>

#include "overlay.hpp"
#include "png_file.hpp"
#include "slice_montage.hpp"
#include "ves/core/log.hpp"

namespace ves::viz {
namespace {

constexpr int64_t kHeaderPx = 18;
const char* const kOrientations[3] = {"axial", "coronal", "sagittal"};
const char* const kChoices[3] = {"largest lesion", "middle", "worst error"};

std::optional<Volume> find(const std::string& name, const Sample& input,
                           const std::map<std::string, Volume>& outputs) {
  const Volume* volume = find_volume(name, input, outputs);
  return volume ? std::optional<Volume>(*volume) : std::nullopt;
}

}  // namespace

at::Tensor overlay_montage(const std::string& title, const Volume& image,
                           const std::optional<Volume>& reference,
                           const std::optional<Volume>& prediction, double lo, double hi,
                           int64_t panel_px) {
  const double pixel_mm = pixel_mm_for(image, panel_px);
  const at::Tensor ref = reference ? reference->data[0] : at::Tensor();
  const at::Tensor pred = prediction ? prediction->data[0] : at::Tensor();
  std::vector<std::vector<at::Tensor>> panels(3);
  std::array<ChosenSlices, 3> chosen{};
  for (int o = 0; o < 3; ++o) {
    chosen[static_cast<size_t>(o)] =
        ref.defined() || pred.defined()
            ? choose_slices(ref, pred, o)
            : ChosenSlices{image.data.size(o + 1) / 2, image.data.size(o + 1) / 2,
                           image.data.size(o + 1) / 2};
    const auto& c = chosen[static_cast<size_t>(o)];
    const std::array<int64_t, 3> rows{c.largest, c.middle, c.worst};
    for (size_t r = 0; r < 3; ++r)
      panels[r].push_back(
          overlay_slice(image, reference, prediction, o, rows[r], pixel_mm, lo, hi));
  }
  at::Tensor rgb = panel_grid(panels, panel_px, kHeaderPx);
  draw_text(rgb, title, 2, 4);
  // Legend: the contour colours (yellow where both coincide), then the row and orientation
  // names.
  const int64_t legend = rgb.size(1) - 225;
  if (legend > 0) {
    const std::array<std::pair<Rgb, const char*>, 3> keys{{{kReferenceColour, "reference"},
                                                           {kPredictionColour, "prediction"},
                                                           {kBothColour, "both"}}};
    int64_t x = legend;
    for (const auto& [colour, name] : keys) {
      rgb.narrow(0, 6, 6).narrow(1, x, 10).copy_(
          at::tensor({colour[0], colour[1], colour[2]}, at::kByte));
      draw_text(rgb, name, 2, x + 13, 11);
      x += std::string(name) == "reference" ? 80 : 90;
    }
  }
  for (int o = 0; o < 3; ++o)
    for (int r = 0; r < 3; ++r) {
      const int64_t top = kHeaderPx + r * (panel_px + 2);
      const int64_t left = o * (panel_px + 2);
      const auto& c = chosen[static_cast<size_t>(o)];
      const int64_t index = r == 0 ? c.largest : r == 1 ? c.middle : c.worst;
      draw_text(rgb, fmt::format("{} {}", kOrientations[o], index), top + 2, left + 4, 10);
      if (o == 0) draw_text(rgb, kChoices[r], top + 14, left + 4, 10);  // under its first label
    }
  return rgb;
}

OverlaysCallback::OverlaysCallback(const config::Params& p)
    : StageCallback(p),
      image_(p.get_string("image")),
      reference_(p.get_string("reference")),
      prediction_(p.get_string("prediction")),
      window_(p.get_doubles("window")),
      max_cases_(p.get_int("max_cases")),
      panel_px_(p.get_int("panel_px")) {
  if (!window_.empty() && (window_.size() != 2 || !(window_[1] > window_[0])))
    throw p.error("window", "must be [lo, hi] with hi > lo, or [] for robust percentiles");
}

config::Schema OverlaysCallback::schema() {
  config::Schema s;
  s.text("image", "image", "the grey background volume (channel 0)");
  s.text("reference", "label", "reference mask drawn as a green contour ('' for none)");
  s.text("prediction", "mask", "predicted mask drawn as a magenta contour ('' for none)");
  s.reals("window", std::vector<double>{},
          "grey window [lo, hi] of the image, e.g. [-200, 600] HU; [] = its 0.5th and 99.5th "
          "percentiles");
  declare_stages(s, "stages that draw (section names); [] = every stage");
  s.integer("max_cases", 8, "pictures per stage (one per inferred case)", 0);
  s.integer("panel_px", 200, "width and height of one slice panel in pixels", 32, 2048);
  return s;
}

void OverlaysCallback::on_prediction(const std::string& stage, int64_t epoch, const Sample& input,
                                     const std::map<std::string, Volume>& outputs) {
  if (epoch != 0 || !wants(stage) || written_[stage] >= max_cases_) return;
  const auto dir = stage_dir(stage);
  if (!dir) return;
  const auto image = find(image_, input, outputs);
  auto reference = find(reference_, input, outputs);
  auto prediction = find(prediction_, input, outputs);
  const auto fits = [&](const std::optional<Volume>& mask) {
    return mask && mask->data.sizes().slice(1) == image->data.sizes().slice(1);
  };
  if (!image || image->data.dim() != 4 || (!fits(reference) && !fits(prediction))) {
    if (warned_.insert(stage).second)
      log().warn(
          "overlays: stage {} has no 3-D '{}' with a '{}' or '{}' on its grid; no "
          "overlays",
          stage, image_, reference_, prediction_);
    return;
  }
  if (!fits(reference)) reference.reset();
  if (!fits(prediction)) prediction.reset();
  const auto [lo, hi] =
      window_.empty() ? display_range(*image, 0.5, 99.5) : std::pair{window_[0], window_[1]};
  write_png(overlay_montage(fmt::format("{}  {}", stage, input.case_id), *image, reference,
                            prediction, lo, hi, panel_px_),
            *dir / "pictures" / (input.case_id + "_overlay.png"));
  ++written_[stage];
}

}  // namespace ves::viz
