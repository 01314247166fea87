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

RawSlice raw_middle_slice(const Volume& volume, int orientation) {
  const at::Tensor v = volume.data[0].to(at::kCPU, at::kFloat);  // [Z, Y, X]
  if (v.dim() != 3) throw std::invalid_argument("middle slices need a [C, Z, Y, X] volume");
  const auto& s = volume.geometry.spacing;  // x, y, z
  switch (orientation) {
    case 0:
      return {v[v.size(0) / 2], s[1], s[0]};
    case 1:
      return {v.select(1, v.size(1) / 2).flip({0}), s[2], s[0]};
    case 2:
      return {v.select(2, v.size(2) / 2).flip({0}), s[2], s[1]};
    default:
      throw std::invalid_argument("orientation must be 0 (axial), 1 (coronal) or 2 (sagittal)");
  }
}

double largest_extent_mm(const Volume& volume) {
  const auto& s = volume.geometry.spacing;
  const auto n = volume.data.sizes();
  return std::max({n[3] * s[0], n[2] * s[1], n[1] * s[2]});
}

}  // namespace

at::Tensor middle_slice(const Volume& volume, int orientation, double pixel_mm) {
  const RawSlice raw = raw_middle_slice(volume, orientation);
  const auto rows = std::max<int64_t>(
      1, std::llround(static_cast<double>(raw.data.size(0)) * raw.row_mm / pixel_mm));
  const auto cols = std::max<int64_t>(
      1, std::llround(static_cast<double>(raw.data.size(1)) * raw.col_mm / pixel_mm));
  return at::upsample_bilinear2d(raw.data.unsqueeze(0).unsqueeze(0), {rows, cols},
                                 /*align_corners=*/false)[0][0];
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

at::Tensor slice_montage(const std::vector<MontageRow>& rows, int64_t panel_px, int64_t header_px) {
  if (rows.empty()) throw std::invalid_argument("a montage needs at least one row");
  const double pixel_mm = largest_extent_mm(rows.front().volume) / static_cast<double>(panel_px);
  const int64_t width = 3 * panel_px + 2 * kGap;
  const auto count = static_cast<int64_t>(rows.size());
  const int64_t height = header_px + count * panel_px + (count - 1) * kGap;
  at::Tensor out = at::zeros({height, width, 3}, at::kByte);
  for (int64_t r = 0; r < count; ++r) {
    const MontageRow& row = rows[static_cast<size_t>(r)];
    for (int o = 0; o < 3; ++o) {
      at::Tensor slice =
          colourise(middle_slice(row.volume, o, pixel_mm), row.colours, row.lo, row.hi);
      // Larger than a panel (a volume bigger than the first): keep its centre.
      const int64_t h = std::min(slice.size(0), panel_px), w = std::min(slice.size(1), panel_px);
      slice = slice.narrow(0, (slice.size(0) - h) / 2, h).narrow(1, (slice.size(1) - w) / 2, w);
      const int64_t top = header_px + r * (panel_px + kGap) + (panel_px - h) / 2;
      const int64_t left = o * (panel_px + kGap) + (panel_px - w) / 2;
      out.narrow(0, top, h).narrow(1, left, w).copy_(slice);
    }
  }
  return out;
}

std::pair<double, double> display_range(const Volume& volume, double lower, double upper) {
  const at::Tensor channel = volume.data[0];
  return {summary_statistic(channel, "p" + std::to_string(lower)),
          summary_statistic(channel, "p" + std::to_string(upper))};
}

}  // namespace ves::viz
