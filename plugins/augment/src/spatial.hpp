#pragma once
// Random flips, rotations, scaling and translation composed into one VoxelMap, so a sample is
// resampled once whatever the number of geometric augmentations.
#include <array>
#include <cstdint>

#include "resample.hpp"
#include "ves/core/geometry.hpp"
#include "ves/core/rng.hpp"

namespace ves_augment {

enum class TranslateUnits { Fraction, Voxels, Millimetres };

/// What `spatial` may draw. Per-axis arrays are in (x, y, z) order; 2-D data uses x and y and
/// rotates about z (the slice normal) only.
struct SpatialRanges {
  std::array<double, 3> flip_p{0, 0, 0};              ///< probability of a flip per axis
  std::array<std::array<double, 2>, 3> rotate_deg{};  ///< [lo, hi] degrees about x, y, z
  double rotate_p = 1.0;                              ///< probability of drawing a rotation
  std::array<double, 2> scale{1.0, 1.0};              ///< [lo, hi]; > 1 enlarges the content
  bool isotropic_scale = true;                        ///< one factor for all axes
  double scale_p = 1.0;                               ///< probability of drawing a scaling
  std::array<double, 3> translate{0, 0, 0};           ///< largest shift per axis, in `units`
  TranslateUnits translate_units = TranslateUnits::Fraction;
  double translate_p = 1.0;  ///< probability of drawing a translation
};

/// The geometric parameters drawn for one sample.
struct SpatialDraw {
  std::array<bool, 3> flip{false, false, false};
  std::array<double, 3> rotate_deg{0, 0, 0};        ///< about x, y, z, applied as Rz Ry Rx
  std::array<double, 3> scale{1, 1, 1};             ///< content magnification per axis
  std::array<double, 3> translate_voxels{0, 0, 0};  ///< content shift per axis

  bool operator==(const SpatialDraw& other) const;
};

/// Draws one SpatialDraw for a grid of `dims` (2 or 3) spatial axes with the given size and
/// spacing (x, y, z; used to turn fraction or mm translations into voxels).
SpatialDraw draw_spatial(const SpatialRanges& ranges, int dims,
                         const std::array<int64_t, 3>& size_xyz,
                         const std::array<double, 3>& spacing, ves::Rng& rng);

/// The output-to-input map of a draw. The content moves by q -> R S F q + t about the grid's
/// middle, with q in millimetres (x, y, z scaled by `spacing`), so a rotation of an anisotropic
/// grid is a true rotation in space; pass spacing {1, 1, 1} to rotate in voxel space.
VoxelMap sampling_map(const SpatialDraw& draw, int dims, const std::array<double, 3>& spacing);

/// The grid of a centred crop (or pad) of `geometry`'s grid from `in_size` to `out_size`
/// voxels (x, y, z): same spacing and direction, origin moved to the new first voxel.
ves::Geometry centred_geometry(const ves::Geometry& geometry, const std::array<int64_t, 3>& in_size,
                               const std::array<int64_t, 3>& out_size);

}  // namespace ves_augment
