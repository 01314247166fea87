#include "middle_slices.hpp"

#include <ATen/ATen.h>
#include <fmt/format.h>

#include "png_file.hpp"
#include "slice_montage.hpp"
#include "ves/core/error.hpp"
#include "ves/core/log.hpp"

namespace ves::viz {
namespace {

constexpr int64_t kHeaderPx = 18;
constexpr int64_t kBarStripPx = 48, kBarWidthPx = 14, kBarLabelPx = 14;
const char* const kOrientations[3] = {"axial", "coronal", "sagittal"};

/// Heat-map range of a non-negative map: [0, its 99.9th percentile] (never empty).
double heat_top(const Volume& volume) {
  const double top = display_range(volume, 0.0, 99.9).second;
  return top > 0.0 ? top : 1.0;
}

}  // namespace

MiddleSlicesCallback::MiddleSlicesCallback(const config::Params& p)
    : StageCallback(p),
      volumes_(p.get_strings("volumes")),
      difference_(p.get_strings("difference")),
      every_(p.get_int("every")),
      max_cases_(p.get_int("max_cases")),
      panel_px_(p.get_int("panel_px")) {
  for (const auto& name : p.get_strings("heat")) heat_.insert(name);
  if (volumes_.empty() && difference_.empty())
    throw p.error("volumes", "lists nothing to draw", "e.g. [image, recon]");
  if (!difference_.empty() && difference_.size() != 2)
    throw p.error("difference", "must name two volumes, e.g. [image, recon], or be []");
}

config::Schema MiddleSlicesCallback::schema() {
  config::Schema s;
  s.texts("volumes", std::vector<std::string>{"image", "recon"},
          "rows of the picture: volumes of the case or of the model's outputs");
  s.texts("difference", std::vector<std::string>{"image", "recon"},
          "two volumes whose absolute difference is drawn as a last row (heat map); [] for none");
  s.texts("heat", std::vector<std::string>{"error", "prob"},
          "volumes drawn as a heat map over [0, their 99.9th percentile] instead of grey");
  declare_stages(s, "stages that draw (section names); [] = every stage");
  s.integer("every", 1, "training epochs between pictures", 1);
  s.integer("max_cases", 8, "pictures per inference stage (one per case)", 0);
  s.integer("panel_px", 160, "width and height of one slice panel in pixels", 32, 2048);
  return s;
}

at::Tensor MiddleSlicesCallback::picture(const std::string& title, const Sample& input,
                                         const std::map<std::string, Volume>& outputs) const {
  std::vector<MontageRow> rows;
  std::pair<double, double> grey{0.0, 1.0};
  bool grey_set = false;
  auto add = [&](const std::string& name, const Volume& volume, bool heat) {
    if (heat) {
      rows.push_back({name, volume, ColourMap::Heat, 0.0, heat_top(volume)});
      return;
    }
    if (!grey_set) {  // every grey row shares the first one's window (input vs reconstruction)
      grey = display_range(volume, 0.5, 99.5);
      grey_set = true;
    }
    rows.push_back({name, volume, ColourMap::Grey, grey.first, grey.second});
  };
  for (const auto& name : volumes_) {
    const Volume* volume = find_volume(name, input, outputs);
    if (!volume || volume->data.dim() != 4) return {};  // missing, or a 2-D slice
    add(name, *volume, heat_.count(name) > 0);
  }
  if (!difference_.empty()) {
    const Volume* a = find_volume(difference_[0], input, outputs);
    const Volume* b = find_volume(difference_[1], input, outputs);
    if (!a || !b || a->data.dim() != 4 || a->data.sizes() != b->data.sizes()) return {};
    add("|" + difference_[0] + " - " + difference_[1] + "|",
        Volume{(a->data.to(at::kFloat) - b->data.to(at::kFloat)).abs(), a->geometry}, true);
  }
  at::Tensor rgb = slice_montage(rows, panel_px_, kHeaderPx);
  draw_text(rgb, title, 2, 4);
  for (int o = 0; o < 3; ++o)
    draw_text(rgb, kOrientations[o], kHeaderPx + 2, o * (panel_px_ + 2) + panel_px_ - 60, 11);
  for (size_t r = 0; r < rows.size(); ++r)
    draw_text(rgb, rows[r].title,
              kHeaderPx + static_cast<int64_t>(r) * (panel_px_ + 2) + panel_px_ - 16, 4, 11);
  return with_colour_bars(rgb, rows);
}

at::Tensor MiddleSlicesCallback::with_colour_bars(const at::Tensor& rgb,
                                                  const std::vector<MontageRow>& rows) const {
  // A strip on the right: beside each heat-map row its colour bar, its range written at the ends.
  at::Tensor strip = at::zeros({rgb.size(0), kBarStripPx, 3}, at::kByte);
  bool any = false;
  for (size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].colours != ColourMap::Heat) continue;
    any = true;
    const int64_t top = kHeaderPx + static_cast<int64_t>(r) * (panel_px_ + 2);
    const int64_t height = panel_px_ - 2 * kBarLabelPx;
    strip.narrow(0, top + kBarLabelPx, height)
        .narrow(1, 4, kBarWidthPx)
        .copy_(colour_bar(ColourMap::Heat, rows[r].lo, rows[r].hi, height, kBarWidthPx));
    draw_text(strip, fmt::format("{:.3g}", rows[r].hi), top + 1, 2, 10);
    draw_text(strip, fmt::format("{:.3g}", rows[r].lo), top + panel_px_ - kBarLabelPx + 1, 2, 10);
  }
  return any ? at::cat({rgb, strip}, 1) : rgb;
}

void MiddleSlicesCallback::on_prediction(const std::string& stage, int64_t epoch,
                                         const Sample& input,
                                         const std::map<std::string, Volume>& outputs) {
  if (!wants(stage)) return;
  if (epoch > 0 && epoch % every_ != 0) return;
  if (epoch == 0 && pictures_written_[stage] >= max_cases_) return;
  const std::string title = epoch > 0 ? fmt::format("{} epoch {}  {}", stage, epoch, input.case_id)
                                      : fmt::format("{}  {}", stage, input.case_id);
  const at::Tensor rgb = picture(title, input, outputs);
  if (!rgb.defined()) {
    if (warned_.insert(stage).second)
      log().warn(
          "middle_slices: stage {} has no volume among {} (or they differ in size); "
          "no pictures for it",
          stage, fmt::join(volumes_, ", "));
    return;
  }
  if (epoch > 0) {  // written at the epoch's end, into the fold's folder
    pending_[stage] = rgb;
    return;
  }
  const auto dir = stage_dir(stage);
  if (!dir) return;
  write_png(rgb, *dir / "pictures" / (input.case_id + ".png"));
  ++pictures_written_[stage];
}

void MiddleSlicesCallback::on_epoch_end(const EpochReport& report) {
  const auto pending = pending_.find(report.stage);
  if (pending == pending_.end()) return;
  write_png(pending->second,
            report.dir / "pictures" / fmt::format("epoch_{:03d}.png", report.epoch));
  pending_.erase(pending);
}

}  // namespace ves::viz
