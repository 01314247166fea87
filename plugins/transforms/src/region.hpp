#pragma once
// Index boxes on a volume's grid: cropping, zero padding, foreground bounding boxes.
#include <array>
#include <cstdint>
#include <optional>

#include "ves/core/volume.hpp"

namespace ves::transforms {

/// A box of voxel indices in ITK order (x, y, z); for 2-D volumes z is unused. The start may be
/// negative and the box may reach past the volume: those voxels are padding.
struct Box {
  std::array<int64_t, 3> start{0, 0, 0};
  std::array<int64_t, 3> size{1, 1, 1};
};

/// Tensor dimension of spatial axis `axis` (0 = x) in a [C, Z, Y, X] or [C, Y, X] tensor.
int64_t tensor_dim(const Volume& volume, int axis);

/// The voxels of `volume` inside `box` (all channels, same dtype), `fill` where the box leaves
/// the volume. The geometry's origin moves so every kept voxel keeps its physical position.
Volume extract_box(const Volume& volume, const Box& box, double fill = 0.0);
/// Bounding box of voxels nonzero in any channel, grown by `margin` voxels on each side and
/// clipped to the volume; empty when every voxel is zero.
std::optional<Box> foreground_box(const Volume& volume, int64_t margin);
/// A box of `size` (0 keeps an axis) centred on the volume: a centred crop where smaller, zero
/// padding where larger. An odd difference puts the extra voxel at the end.
Box centred_box(const Volume& volume, const std::array<int64_t, 3>& size);

}  // namespace ves::transforms
