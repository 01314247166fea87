#pragma once
// Voxel-centre coordinates in mm as broadcastable tensors, so shapes are tensor expressions.
#include <ATen/core/Tensor.h>
#include <array>

namespace ves::phantom {

/// Coordinates (mm) of the voxel centres of a grid, along the grid axes and relative to the
/// centre of the field of view. Anatomy is drawn in these coordinates, so it is independent of
/// origin and direction and respects anisotropic spacing. `x` and `y` broadcast to [1, Y, X]
/// (shaped [1,1,X] and [1,Y,1] until rotated), `z` is [Z, 1, 1]; all float32.
struct Grid {
  std::array<int64_t, 3> size{};    ///< voxels along x, y, z
  std::array<double, 3> spacing{};  ///< mm along x, y, z
  at::Tensor x, y, z;

  static Grid make(const std::array<int64_t, 3>& size, const std::array<double, 3>& spacing);
  /// Half the field of view along axis 0 (x), 1 (y) or 2 (z), in mm.
  double half_extent(int axis) const;
  /// The same grid seen from a frame shifted by `shift` (mm) and then rotated by `angle`
  /// (radians) about z: drawing in the new frame rotates and moves the anatomy.
  Grid moved(const std::array<double, 3>& shift, double angle) const;
  /// The voxel centre nearest to `point` (mm), clamped to the grid. Shapes centred on a voxel
  /// centre always contain that voxel, which keeps "has a lesion" knowable before generating.
  std::array<double, 3> snap(const std::array<double, 3>& point) const;
  /// True when `point` lies within the field of view (half a voxel beyond the outer centres).
  bool contains(const std::array<double, 3>& point) const;
};

}  // namespace ves::phantom
