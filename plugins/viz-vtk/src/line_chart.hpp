#pragma once
// Line charts drawn with VTK's imaging canvas (vtkImageCanvasSource2D) and FreeType text: no
// render window, so they work without a display. For training curves and sweeps.
#include <ATen/core/Tensor.h>

#include <string>
#include <vector>

#include "overlay.hpp"

namespace ves::viz {

/// One line: (x, y) points in order; NaN or infinite values are skipped (the line joins the
/// points around them, e.g. validation every k epochs).
struct Series {
  std::string name;
  std::vector<double> x, y;
  Rgb colour{230, 230, 230};
};

/// The n-th of a set of distinct line colours.
Rgb series_colour(size_t n);

/// A chart [height, width, 3] uint8: axes box, the x and y range written at the axes, the
/// series as lines (single points as dots), a legend with their names, and `title` on top.
/// `log_y` plots log10(y) of positive values (e.g. learning rates).
at::Tensor line_chart(const std::string& title, const std::vector<Series>& series, int width,
                      int height, bool log_y = false, const std::string& x_label = "epoch");

}  // namespace ves::viz
