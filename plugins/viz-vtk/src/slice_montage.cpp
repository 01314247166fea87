#include "slice_montage.hpp"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "ves/core/statistics.hpp"

namespace ves::viz {
namespace {

constexpr int64_t kGap = 2;

/// [rows, cols] of the middle slice in index space, and its pixel spacing (rows, cols) in mm.
struct RawSlice {
  at::Tensor data;
  double row_mm, col_mm;
};

RawSlice raw_slice(const Volume& volume, int orientation, int64_t index) {
  const at::Tensor v = volume.data[0].to(at::kCPU, at::kFloat);  // [Z, Y, X]
  if (v.dim() != 3) throw std::invalid_argument("slices need a [C, Z, Y, X] volume");
  const auto& s = volume.geometry.spacing;  // x, y, z
  if (orientation < 0 || orientation > 2)
    throw std::invalid_argument("orientation must be 0 (axial), 1 (coronal) or 2 (sagittal)");
  // Axial fixes z (dim 0), coronal y (dim 1), sagittal x (dim 2); -1 = the middle.
  const int64_t size = v.size(static_cast<int64_t>(orientation));
  const int64_t at = index < 0 ? size / 2 : std::min(index, size - 1);
  switch (orientation) {
    case 0:
      return {v[at], s[1], s[0]};
    case 1:
      return {v.select(1, at).flip({0}), s[2], s[0]};
    default:
      return {v.select(2, at).flip({0}), s[2], s[1]};
  }
}

double largest_extent_mm(const Volume& volume) {
  const auto& s = volume.geometry.spacing;
  const auto n = volume.data.sizes();
  return std::max({n[3] * s[0], n[2] * s[1], n[1] * s[2]});
}

}  // namespace

at::Tensor slice_at(const Volume& volume, int orientation, int64_t index, double pixel_mm,
                    bool nearest) {
  const RawSlice raw = raw_slice(volume, orientation, index);
  const auto rows = std::max<int64_t>(
      1, std::llround(static_cast<double>(raw.data.size(0)) * raw.row_mm / pixel_mm));
  const auto cols = std::max<int64_t>(
      1, std::llround(static_cast<double>(raw.data.size(1)) * raw.col_mm / pixel_mm));
  const at::Tensor batch = raw.data.unsqueeze(0).unsqueeze(0);
  if (nearest) return at::upsample_nearest2d(batch, {rows, cols})[0][0];
  return at::upsample_bilinear2d(batch, {rows, cols}, /*align_corners=*/false)[0][0];
}

at::Tensor middle_slice(const Volume& volume, int orientation, double pixel_mm) {
  return slice_at(volume, orientation, -1, pixel_mm);
}

at::Tensor colourise(const at::Tensor& slice, ColourMap colours, double lo, double hi) {
  const double width = hi > lo ? hi - lo : 1.0;
  at::Tensor t = ((slice.to(at::kFloat) - lo) / width).clamp(0.0, 1.0);
  t = at::nan_to_num(t, 0.0);
  at::Tensor rgb;
  if (colours == ColourMap::Grey) {
    rgb = at::stack({t, t, t}, -1);
  } else {  // black -> red -> yellow -> white
    rgb = at::stack({(3 * t).clamp(0, 1), (3 * t - 1).clamp(0, 1), (3 * t - 2).clamp(0, 1)}, -1);
  }
  return (rgb * 255.0).round().to(at::kByte);
}

at::Tensor panel_grid(const std::vector<std::vector<at::Tensor>>& panels, int64_t panel_px,
                      int64_t header_px) {
  if (panels.empty() || panels.front().empty())
    throw std::invalid_argument("a picture needs at least one panel");
  const auto count = static_cast<int64_t>(panels.size());
  const auto columns = static_cast<int64_t>(panels.front().size());
  const int64_t width = columns * panel_px + (columns - 1) * kGap;
  const int64_t height = header_px + count * panel_px + (count - 1) * kGap;
  at::Tensor out = at::zeros({height, width, 3}, at::kByte);
  for (int64_t r = 0; r < count; ++r) {
    const auto& row = panels[static_cast<size_t>(r)];
    for (int64_t c = 0; c < std::min<int64_t>(columns, static_cast<int64_t>(row.size())); ++c) {
      at::Tensor panel = row[static_cast<size_t>(c)];
      // Larger than a panel: keep its centre.
      const int64_t h = std::min(panel.size(0), panel_px), w = std::min(panel.size(1), panel_px);
      panel = panel.narrow(0, (panel.size(0) - h) / 2, h).narrow(1, (panel.size(1) - w) / 2, w);
      const int64_t top = header_px + r * (panel_px + kGap) + (panel_px - h) / 2;
      const int64_t left = c * (panel_px + kGap) + (panel_px - w) / 2;
      out.narrow(0, top, h).narrow(1, left, w).copy_(panel);
    }
  }
  return out;
}

double pixel_mm_for(const Volume& volume, int64_t panel_px) {
  return largest_extent_mm(volume) / static_cast<double>(panel_px);
}

at::Tensor slice_montage(const std::vector<MontageRow>& rows, int64_t panel_px, int64_t header_px) {
  if (rows.empty()) throw std::invalid_argument("a montage needs at least one row");
  const double pixel_mm = pixel_mm_for(rows.front().volume, panel_px);
  std::vector<std::vector<at::Tensor>> panels;
  for (const MontageRow& row : rows) {
    panels.emplace_back();
    for (int o = 0; o < 3; ++o)
      panels.back().push_back(
          colourise(middle_slice(row.volume, o, pixel_mm), row.colours, row.lo, row.hi));
  }
  return panel_grid(panels, panel_px, header_px);
}

at::Tensor colour_bar(ColourMap colours, double lo, double hi, int64_t height, int64_t width) {
  const at::Tensor values =
      at::linspace(hi, lo, height, at::kDouble).view({height, 1}).expand({height, width});
  return colourise(values, colours, lo, hi);
}

std::pair<double, double> display_range(const Volume& volume, double lower, double upper) {
  const at::Tensor channel = volume.data[0].to(at::kCPU, at::kFloat).contiguous();
  std::vector<float> values(channel.data_ptr<float>(), channel.data_ptr<float>() + channel.numel());
  return {percentile(values, lower), percentile(values, upper)};
}

}  // namespace ves::viz
