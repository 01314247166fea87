#pragma once
// Resizing 2-D slices and 3-D volumes to a voxel size, optionally keeping the aspect ratio.
#include <array>
#include <cstdint>

#include "region.hpp"
#include "ves/core/volume.hpp"

namespace ves::transforms {

/// Scales the spatial axes of `volume` to `size` (x, y, z; z unused for 2-D) with linear or
/// nearest interpolation on voxel centres (torch's align_corners=false). The geometry follows:
/// spacing * old / new, and the grid keeps covering the same physical extent. Nearest keeps
/// the dtype; linear gives float32.
Volume scale_to(const Volume& volume, const std::array<int64_t, 3>& size, bool nearest);

/// How resize_to reaches a target size: scale to `scaled`, then take `box` of the result.
struct ResizePlan {
  std::array<int64_t, 3> scaled{1, 1, 1};
  Box box;
};

/// The plan for `target` (0 keeps an axis). With `keep_aspect`, every axis is scaled by the same
/// factor (the largest that fits, in voxels) and the rest is zero padding, centred.
ResizePlan plan_resize(const Volume& volume, const std::array<int64_t, 3>& target,
                       bool keep_aspect);

}  // namespace ves::transforms
