// Window corners of a regular grid.
#include "ves/core/window_grid.hpp"

#include <algorithm>
#include <cmath>

namespace ves {

std::vector<int64_t> window_starts(int64_t size, int64_t patch, double overlap) {
  // The epsilon keeps e.g. 10 * (1 - 0.7) = 2.9999999999999996 at 3.
  const auto step = std::max<int64_t>(
      1, static_cast<int64_t>(std::floor(static_cast<double>(patch) * (1.0 - overlap) + 1e-9)));
  std::vector<int64_t> starts;
  for (int64_t start = 0; start + patch < size; start += step) starts.push_back(start);
  starts.push_back(std::max<int64_t>(0, size - patch));
  return starts;
}

std::vector<std::vector<int64_t>> window_corners(const std::vector<int64_t>& shape,
                                                 const std::vector<int64_t>& patch,
                                                 double overlap) {
  std::vector<std::vector<int64_t>> corners{{}};
  for (size_t axis = 0; axis < shape.size(); ++axis) {
    std::vector<std::vector<int64_t>> longer;
    for (const auto& prefix : corners) {
      for (int64_t start : window_starts(shape[axis], patch[axis], overlap)) {
        longer.push_back(prefix);
        longer.back().push_back(start);
      }
    }
    corners = std::move(longer);
  }
  return corners;
}

}  // namespace ves
