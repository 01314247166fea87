#pragma once
// Resampling a volume onto another grid with ITK (B-spline, linear or nearest-neighbour).
#include <array>
#include <cstdint>
#include <string>

#include "ves/core/volume.hpp"

namespace ves::transforms {

enum class Interpolation { Nearest, Linear, BSpline };

/// "nearest", "linear" or "bspline" (cubic); throws Error otherwise.
Interpolation parse_interpolation(const std::string& name);

/// A 3-D voxel grid: geometry plus size in (x, y, z) order.
struct Grid {
  Geometry geometry;
  std::array<int64_t, 3> size{1, 1, 1};
};

/// The grid of `volume` at a new spacing (an axis <= 0 keeps its spacing): size =
/// max(1, round(size * old_spacing / new_spacing)); origin and direction are kept, so voxel
/// (0, 0, 0) stays where it was.
Grid grid_with_spacing(const Volume& volume, const std::array<double, 3>& spacing);

/// `volume` (3-D, any channel count) sampled at the voxel centres of `grid`, channel by channel.
/// Points up to the volume's edge and beyond take the nearest edge voxel's value. Nearest keeps
/// the dtype; linear and B-spline give float32.
Volume resample_onto(const Volume& volume, const Grid& grid, Interpolation interpolation);

}  // namespace ves::transforms
