#pragma once
// The voxel grid two binary masks share: size and spacing, nothing else (no libtorch, no ITK).
#include <array>
#include <cstdint>

namespace ves::metrics {

/// Size [x, y, z] in voxels (x fastest in memory, z = 1 for a 2-D mask) and spacing in mm.
struct MaskGrid {
  std::array<int64_t, 3> size{0, 0, 0};
  std::array<double, 3> spacing{1.0, 1.0, 1.0};

  /// Number of voxels, x * y * z.
  int64_t voxel_count() const { return size[0] * size[1] * size[2]; }
  /// Volume of one voxel in mL (1 mL = 1000 mm^3).
  double voxel_volume_ml() const { return spacing[0] * spacing[1] * spacing[2] / 1000.0; }
};

/// Inclusive index box [lo, hi] along x, y, z; `empty` when no voxel is inside.
struct VoxelBox {
  std::array<int64_t, 3> lo{0, 0, 0};
  std::array<int64_t, 3> hi{-1, -1, -1};

  bool empty() const { return hi[0] < lo[0] || hi[1] < lo[1] || hi[2] < lo[2]; }
  /// Voxels along x, y, z (0 when empty).
  std::array<int64_t, 3> extent() const {
    if (empty()) return {0, 0, 0};
    return {hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1};
  }
};

}  // namespace ves::metrics
