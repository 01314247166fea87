#pragma once
// Resampling a volume onto another grid with ITK (B-spline, linear or nearest-neighbour); used
// by the resample transform, multi-modal readers and inverse transforms.
#include <array>
#include <cstdint>
#include <string>

#include "ves/core/volume.hpp"

namespace ves {

enum class Interpolation { Nearest, Linear, BSpline };

/// "nearest", "linear" or "bspline" (cubic); throws Error otherwise.
Interpolation parse_interpolation(const std::string& name);

/// A 3-D voxel grid: geometry plus size in (x, y, z) order.
struct Grid {
  Geometry geometry;
  std::array<int64_t, 3> size{1, 1, 1};
};

/// The grid `volume` lies on.
Grid grid_of(const Volume& volume);

/// True when both grids have the same size and, within `tolerance` (relative to the spacing),
/// the same spacing, origin and direction.
bool same_grid(const Grid& a, const Grid& b, double tolerance = 1e-4);

/// The grid of `volume` at a new spacing (an axis <= 0 keeps its spacing): size =
/// max(1, round(size * old_spacing / new_spacing)); origin and direction are kept, so voxel
/// (0, 0, 0) stays where it was.
Grid grid_with_spacing(const Volume& volume, const std::array<double, 3>& spacing);

/// `volume` (3-D, any channel count) sampled at the voxel centres of `grid`, channel by channel.
/// Points beyond the volume's edge take the nearest edge voxel's value, or 0 when
/// `zero_outside`. Nearest keeps the dtype; linear and B-spline give float32.
Volume resample_onto(const Volume& volume, const Grid& grid, Interpolation interpolation,
                     bool zero_outside = false);

}  // namespace ves
