#pragma once
// Shapes as tensor expressions: normalised radii, soft inside-weights, and layered painting.
#include <ATen/core/Tensor.h>
#include <array>

#include "grid.hpp"

namespace ves::phantom {

/// An ellipsoid in grid mm coordinates, rotated about z by `angle` (radians).
struct Ellipsoid {
  std::array<double, 3> center{0.0, 0.0, 0.0};
  std::array<double, 3> semi_axes{1.0, 1.0, 1.0};
  double angle = 0.0;

  /// Normalised radius of one point: < 1 inside, 1 on the surface.
  double radius_at(const std::array<double, 3>& point) const;
  /// Normalised radius of every voxel centre, [Z, Y, X] float32.
  at::Tensor radius(const Grid& grid) const;
  /// The shortest semi-axis in mm (turns an edge width in mm into radius units).
  double min_axis() const;
};

/// Normalised radius of an axis-aligned ellipse in the x-y plane (an infinite elliptic
/// cylinder along z); broadcasts like grid.x and grid.y, so it costs one slice, not a volume.
at::Tensor ellipse_radius(const Grid& grid, double cx, double cy, double a, double b);

/// Smooth weight of "inside" for a normalised radius: 1 well inside, 0.5 at r = 1, 0 outside;
/// `width` is the edge width in radius units (edge mm / axis mm). Soft edges avoid staircase
/// boundaries on coarse, anisotropic grids.
at::Tensor soft_inside(const at::Tensor& r, double width);

/// Paints `value` over `image` (a full [Z, Y, X] volume, changed in place) with weight `w` in
/// [0, 1]: image = image + w * (value - image). Later layers cover earlier ones.
void paint(at::Tensor& image, const at::Tensor& w, const at::Tensor& value);
void paint(at::Tensor& image, const at::Tensor& w, double value);

}  // namespace ves::phantom
