#pragma once
// Reorientation by permuting and flipping array axes: no interpolation, every voxel keeps its
// value and its physical position; only the index order and the geometry change.
//
// Orientation codes name the side each array axis POINTS TO (x, y, z), in the DICOM / nibabel /
// MONAI convention: "LPS" is ITK's identity direction, "RAS" is NIfTI's canonical RAS+.
// (Geometry::orientation_code() uses the same letters: ITK identity reads "LPS".)
#include <array>
#include <string>

#include "ves/core/volume.hpp"

namespace ves::transforms {

/// Output array axis b (0 = x) is input axis `from[b]`, reversed when `flip[b]`.
struct AxisPlan {
  std::array<int, 3> from{0, 1, 2};
  std::array<bool, 3> flip{false, false, false};
  bool identity() const;
};

/// Row-major direction (LPS world, columns = axes) whose axes point to the sides `code` names,
/// e.g. "RAS" -> diag(-1, -1, 1). Throws Error for anything but one of L/R, P/A, S/I each.
std::array<double, 9> direction_of_code(const std::string& code);
/// The code of the signed axis permutation closest to `geometry`'s direction (e.g. "LPS").
std::string pointing_code(const Geometry& geometry);

/// The signed permutation of `geometry`'s axes closest to `target`'s axes (largest total
/// |cosine|, so oblique grids get the nearest canonical order).
AxisPlan plan_towards(const Geometry& geometry, const std::array<double, 9>& target);
/// Permutes and flips the spatial axes of a [C, Z, Y, X] volume; the geometry follows.
Volume apply_axis_plan(const Volume& volume, const AxisPlan& plan);

}  // namespace ves::transforms
