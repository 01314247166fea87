#include "line_chart.hpp"

#include <ATen/ATen.h>
#include <fmt/format.h>
#include <vtkImageCanvasSource2D.h>
#include <vtkImageData.h>
#include <vtkNew.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "png_file.hpp"

namespace ves::viz {
namespace {

// Plot area margins in pixels: left for y labels, bottom for x labels, top for the title.
constexpr int kLeft = 64, kRight = 12, kTop = 24, kBottom = 34;

bool usable(double y, bool log_y) {
  return std::isfinite(y) && (!log_y || y > 0.0);
}

std::string number(double v) {
  if (v == 0.0) return "0";
  const double a = std::abs(v);
  return a >= 1e4 || a < 1e-3 ? fmt::format("{:.2e}", v) : fmt::format("{:.4g}", v);
}

}  // namespace

Rgb series_colour(size_t n) {
  static const std::array<Rgb, 8> colours{{{80, 160, 255},
                                           {255, 140, 40},
                                           {90, 210, 90},
                                           {240, 70, 70},
                                           {190, 120, 255},
                                           {230, 210, 60},
                                           {60, 220, 220},
                                           {255, 120, 200}}};
  return colours[n % colours.size()];
}

at::Tensor line_chart(const std::string& title, const std::vector<Series>& series, int width,
                      int height, bool log_y, const std::string& x_label) {
  double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y0 = x0, y1 = -x0;
  for (const auto& s : series)
    for (size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i) {
      if (!usable(s.y[i], log_y) || !std::isfinite(s.x[i])) continue;
      const double y = log_y ? std::log10(s.y[i]) : s.y[i];
      x0 = std::min(x0, s.x[i]);
      x1 = std::max(x1, s.x[i]);
      y0 = std::min(y0, y);
      y1 = std::max(y1, y);
    }
  const bool empty = !(x1 >= x0 && y1 >= y0);
  if (empty) x0 = 0, x1 = 1, y0 = 0, y1 = 1;
  if (x1 == x0) x0 -= 0.5, x1 += 0.5;
  if (y1 == y0) y0 -= 0.5, y1 += 0.5;
  const double pad = 0.04 * (y1 - y0);  // lines off the frame
  y0 -= pad;
  y1 += pad;

  // VTK canvas coordinates: x right, y up from the bottom-left corner.
  vtkNew<vtkImageCanvasSource2D> canvas;
  canvas->SetScalarTypeToUnsignedChar();
  canvas->SetNumberOfScalarComponents(3);
  canvas->SetExtent(0, width - 1, 0, height - 1, 0, 0);
  canvas->SetDrawColor(24, 24, 28);
  canvas->FillBox(0, width - 1, 0, height - 1);
  const int left = kLeft, right = width - kRight, bottom = kBottom, top = height - kTop;
  canvas->SetDrawColor(70, 70, 78);  // grid: quarters
  for (int q = 1; q < 4; ++q) {
    const int gy = bottom + (top - bottom) * q / 4;
    canvas->DrawSegment(left, gy, right, gy);
  }
  canvas->SetDrawColor(180, 180, 180);
  canvas->DrawSegment(left, bottom, right, bottom);
  canvas->DrawSegment(left, bottom, left, top);
  canvas->DrawSegment(right, bottom, right, top);
  canvas->DrawSegment(left, top, right, top);
  const auto px = [&](double x) {
    return left + static_cast<int>(std::lround((x - x0) / (x1 - x0) * (right - left)));
  };
  const auto py = [&](double y) {
    return bottom + static_cast<int>(std::lround((y - y0) / (y1 - y0) * (top - bottom)));
  };
  for (const auto& s : series) {
    canvas->SetDrawColor(s.colour[0], s.colour[1], s.colour[2]);
    bool have_last = false;
    int lx = 0, ly = 0;
    const size_t n = std::min(s.x.size(), s.y.size());
    for (size_t i = 0; i < n; ++i) {
      if (!usable(s.y[i], log_y) || !std::isfinite(s.x[i])) continue;  // joined across
      const int cx = px(s.x[i]), cy = py(log_y ? std::log10(s.y[i]) : s.y[i]);
      if (have_last) {
        canvas->DrawSegment(lx, ly, cx, cy);
      } else {
        canvas->FillBox(cx - 1, cx + 1, cy - 1, cy + 1);  // a dot where a line starts
      }
      lx = cx, ly = cy, have_last = true;
    }
  }
  canvas->Update();
  vtkImageData* image = canvas->GetOutput();
  at::Tensor rgb = at::from_blob(image->GetScalarPointer(), {height, width, 3}, at::kByte)
                       .flip({0})
                       .contiguous();

  // Text: title, axis ranges, legend.
  draw_text(rgb, title, 4, 6, 13);
  const auto y_text = [&](double v) { return number(log_y ? std::pow(10.0, v) : v); };
  draw_text(rgb, y_text(y1 - pad), height - top - 2, 4, 10);
  draw_text(rgb, y_text(y0 + pad), height - bottom - 12, 4, 10);
  draw_text(rgb, number(x0), height - bottom + 4, left - 4, 10);
  draw_text(rgb, number(x1), height - bottom + 4, right - 24, 10);
  draw_text(rgb, x_label, height - bottom + 16, (left + right) / 2 - 14, 10);
  // Legend on one line under the title's right part: a colour box and the name per series.
  int64_t col = std::min<int64_t>(width / 2, width - 10);
  for (const auto& s : series) {
    const int64_t w = 16 + static_cast<int64_t>(s.name.size()) * 6;
    if (col + w > width - 4) break;
    rgb.narrow(0, 9, 6)
        .narrow(1, col, 10)
        .copy_(at::tensor({s.colour[0], s.colour[1], s.colour[2]}, at::kByte));
    draw_text(rgb, s.name, 5, col + 13, 10);
    col += w;
  }
  if (empty) draw_text(rgb, "no values yet", height / 2, width / 2 - 40, 11);
  return rgb;
}

}  // namespace ves::viz
