#pragma once
// Small hand-drawn masks for the library's tests.
#include <cstdint>
#include <initializer_list>
#include <vector>

#include "lib/mask_grid.hpp"

namespace ves_metrics_test {

/// A byte mask on `grid` with the voxels (x, y, z) listed set to `value`.
inline std::vector<uint8_t> mask_with(const ves::metrics::MaskGrid& grid,
                                      std::initializer_list<std::array<int64_t, 3>> voxels,
                                      uint8_t value = 1) {
  std::vector<uint8_t> mask(static_cast<size_t>(grid.voxel_count()), 0);
  for (const auto& [x, y, z] : voxels)
    mask[static_cast<size_t>((z * grid.size[1] + y) * grid.size[0] + x)] = value;
  return mask;
}

}  // namespace ves_metrics_test
