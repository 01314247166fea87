#pragma once
// Connected components of a binary mask found on its runs (maximal stretches of foreground
// along x) with a union-find, without a label per voxel: the fast path of lesion matching.
#include <array>
#include <cstdint>
#include <vector>

namespace ves::metrics {

/// Foreground runs in raster order and the component of each.
struct RunComponents {
  struct Run {
    int64_t row = 0;    ///< z * size_y + y
    int64_t first = 0;  ///< first x of the run
    int64_t last = 0;   ///< last x of the run (inclusive)
  };
  std::vector<Run> runs;
  std::vector<uint32_t> component;  ///< per run: 0 .. count - 1, numbered in raster order
  uint32_t count = 0;
};

/// Components of the nonzero voxels of `mask` (size [x, y, z], x fastest) at `connectivity`
/// 6, 18 or 26 (std::invalid_argument otherwise).
RunComponents run_components(const uint8_t* mask, const std::array<int64_t, 3>& size,
                             int connectivity);

}  // namespace ves::metrics
