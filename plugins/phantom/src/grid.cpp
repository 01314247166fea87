#include "grid.hpp"

#include <ATen/TensorOperators.h>
#include <ATen/ops/arange.h>
#include <algorithm>
#include <cmath>

namespace ves::phantom {
namespace {

/// Coordinates along one axis: (i - (n - 1) / 2) * spacing, shaped for broadcasting.
at::Tensor axis_coordinates(int64_t n, double spacing, std::array<int64_t, 3> shape) {
  return ((at::arange(n, at::kDouble) - 0.5 * static_cast<double>(n - 1)) * spacing)
      .to(at::kFloat)
      .reshape(shape);
}

}  // namespace

Grid Grid::make(const std::array<int64_t, 3>& size, const std::array<double, 3>& spacing) {
  Grid grid;
  grid.size = size;
  grid.spacing = spacing;
  grid.x = axis_coordinates(size[0], spacing[0], {1, 1, size[0]});
  grid.y = axis_coordinates(size[1], spacing[1], {1, size[1], 1});
  grid.z = axis_coordinates(size[2], spacing[2], {size[2], 1, 1});
  return grid;
}

double Grid::half_extent(int axis) const {
  return 0.5 * static_cast<double>(size[axis]) * spacing[axis];
}

Grid Grid::moved(const std::array<double, 3>& shift, double angle) const {
  Grid out = *this;
  const at::Tensor dx = x - shift[0];
  const at::Tensor dy = y - shift[1];
  const double c = std::cos(angle), s = std::sin(angle);
  out.x = dx * c + dy * s;
  out.y = dy * c - dx * s;
  out.z = z - shift[2];
  return out;
}

std::array<double, 3> Grid::snap(const std::array<double, 3>& point) const {
  std::array<double, 3> out{};
  for (int a = 0; a < 3; ++a) {
    const double centre = 0.5 * static_cast<double>(size[a] - 1);
    const double index = std::clamp(std::round(point[a] / spacing[a] + centre), 0.0,
                                    static_cast<double>(size[a] - 1));
    out[a] = (index - centre) * spacing[a];
  }
  return out;
}

bool Grid::contains(const std::array<double, 3>& point) const {
  for (int a = 0; a < 3; ++a) {
    if (std::abs(point[a]) > half_extent(a)) return false;
  }
  return true;
}

}  // namespace ves::phantom
