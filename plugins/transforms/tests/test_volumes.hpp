#pragma once
// Small volumes with known values and geometries for the transforms' tests.
#include <ATen/ATen.h>

#include <cmath>

#include "ves/core/volume.hpp"

namespace ves_test {

/// [channels, z, y, x] float32 volume holding 0, 1, 2, ... in memory order.
inline ves::Volume ramp_volume(std::vector<int64_t> shape, const ves::Geometry& geometry = {}) {
  int64_t count = 1;
  for (const auto s : shape) count *= s;
  return ves::Volume{at::arange(count, at::kFloat).view(shape), geometry};
}

/// An oblique, anisotropic grid: axes rotated 30 degrees about world z, then permuted and
/// flipped: array x points mostly anterior (world -y), y superior, z left ("ASL").
inline ves::Geometry oblique_geometry() {
  const double c = std::cos(M_PI / 6), s = std::sin(M_PI / 6);
  // Rotation about z (row-major) applied to columns (-e_y, e_z, e_x).
  const double rotation[9] = {c, -s, 0, s, c, 0, 0, 0, 1};
  const double axes[9] = {0, 0, 1, -1, 0, 0, 0, 1, 0};  // columns: -y, z, x
  ves::Geometry g;
  for (int r = 0; r < 3; ++r)
    for (int col = 0; col < 3; ++col) {
      double v = 0;
      for (int k = 0; k < 3; ++k) v += rotation[r * 3 + k] * axes[k * 3 + col];
      g.direction[r * 3 + col] = v;
    }
  g.spacing = {0.8, 1.5, 3.0};
  g.origin = {10.0, -5.0, 2.5};
  return g;
}

}  // namespace ves_test
