// Row by row: the inner loop over x is branch-free so the compiler vectorises it; only rows
// holding foreground are searched again for their first and last foreground voxel.
#include "lib/confusion.hpp"

#include <algorithm>

namespace ves::metrics {

MaskScan scan_masks(const uint8_t* prediction, const uint8_t* reference, const MaskGrid& grid) {
  const int64_t nx = grid.size[0], ny = grid.size[1], nz = grid.size[2];
  MaskScan scan;
  VoxelBox& box = scan.foreground;
  box.lo = {nx, ny, nz};
  box.hi = {-1, -1, -1};
  int64_t both = 0, predicted = 0, referenced = 0;
  for (int64_t z = 0; z < nz; ++z) {
    for (int64_t y = 0; y < ny; ++y) {
      const uint8_t* p = prediction + (z * ny + y) * nx;
      const uint8_t* r = reference + (z * ny + y) * nx;
      int64_t row_both = 0, row_predicted = 0, row_referenced = 0;
      for (int64_t x = 0; x < nx; ++x) {
        const int64_t in_p = p[x] != 0;
        const int64_t in_r = r[x] != 0;
        row_both += in_p & in_r;
        row_predicted += in_p;
        row_referenced += in_r;
      }
      if (row_predicted + row_referenced == 0) continue;
      both += row_both;
      predicted += row_predicted;
      referenced += row_referenced;
      int64_t first = 0, last = nx - 1;
      while (p[first] == 0 && r[first] == 0) ++first;
      while (p[last] == 0 && r[last] == 0) --last;
      box.lo = {std::min(box.lo[0], first), std::min(box.lo[1], y), std::min(box.lo[2], z)};
      box.hi = {std::max(box.hi[0], last), std::max(box.hi[1], y), std::max(box.hi[2], z)};
    }
  }
  if (box.hi[0] < 0) box = VoxelBox{};
  scan.confusion.tp = both;
  scan.confusion.fp = predicted - both;
  scan.confusion.fn = referenced - both;
  scan.confusion.tn = grid.voxel_count() - predicted - referenced + both;
  return scan;
}

}  // namespace ves::metrics
