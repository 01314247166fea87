#pragma once
// Patches on a case's grid, shared by the three samplers: corner ranges and
// cropping every volume of a sample at one corner with padding and the geometry moved along.
//
// Shapes, corners and patch sizes here are in TENSOR order: (Z, Y, X) for 3-D volumes
// [C, Z, Y, X] and (Y, X) for 2-D volumes [C, Y, X]. A corner may be negative and a patch may
// reach past the case: those voxels are padding.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ves/core/sample.hpp"

namespace ves::samplers {

/// Spatial shape of `volume` in tensor order: (Z, Y, X) or (Y, X).
std::vector<int64_t> spatial_shape(const Volume& volume);

/// Lowest and highest patch corner along one axis: [0, size - patch] when the patch fits,
/// [size - patch, 0] when the case is smaller (every such patch holds the whole axis).
std::pair<int64_t, int64_t> corner_range(int64_t size, int64_t patch);

/// The voxels of `volume` (all channels, same dtype and device) in the box of `size` at
/// `corner`, `fill` where the box leaves the volume. The origin becomes the physical point of
/// the patch's first voxel, so every voxel keeps its physical position.
Volume crop_padded(const Volume& volume, const std::vector<int64_t>& corner,
                   const std::vector<int64_t>& size, double fill);

/// How a sample's volumes are padded: floating-point volumes with `fill`, integer volumes and
/// the volume named `label` with 0.
struct PatchPadding {
  double fill = 0.0;
  std::string label = "label";
};

/// Checks that every volume of `sample` has `patch_dims` spatial dimensions and that all share
/// one spatial shape; returns that shape. Throws DataError naming the case otherwise.
std::vector<int64_t> common_shape(const Sample& sample, size_t patch_dims);

/// The patch of `whole` at `corner`: every volume cropped identically (crop_padded), ids,
/// scalars, meta and history copied, and meta["patch_corner"] = "z,y,x" (or "y,x").
Sample crop_sample(const Sample& whole, const std::vector<int64_t>& corner,
                   const std::vector<int64_t>& size, const PatchPadding& padding);

/// "z,y,x" text of a corner, as stored in meta["patch_corner"].
std::string corner_text(const std::vector<int64_t>& corner);

}  // namespace ves::samplers
