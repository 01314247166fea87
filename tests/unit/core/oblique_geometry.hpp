#pragma once
// A deliberately awkward grid for geometry tests: anisotropic spacing, a 30-degree rotation
// about a tilted axis, and an origin away from zero.
#include <cmath>

#include "ves/core/geometry.hpp"

namespace ves::testing {

inline Geometry oblique_geometry() {
  Geometry g;
  g.spacing = {0.7, 1.3, 3.1};
  g.origin = {-12.5, 40.0, 7.0};
  // Rodrigues: R = I cos t + sin t [k]x + (1 - cos t) k k^T, k = (1, 2, 0.5) / |.|.
  const double norm = std::sqrt(1.0 + 4.0 + 0.25);
  const double k[3] = {1.0 / norm, 2.0 / norm, 0.5 / norm};
  const double t = 30.0 * M_PI / 180.0;
  const double c = std::cos(t), s = std::sin(t);
  const double cross[9] = {0, -k[2], k[1], k[2], 0, -k[0], -k[1], k[0], 0};
  for (int r = 0; r < 3; ++r) {
    for (int col = 0; col < 3; ++col) {
      g.direction[r * 3 + col] =
          (r == col ? c : 0.0) + s * cross[r * 3 + col] + (1 - c) * k[r] * k[col];
    }
  }
  return g;
}

}  // namespace ves::testing
