#pragma once
// Small cases for the sampler tests: an oblique, anisotropic grid and images whose voxel values
// are their own linear index, so any voxel can be traced back to where it came from.
#include <ATen/ATen.h>

#include <cmath>
#include <sstream>

#include "ves/core/sample.hpp"

namespace samplers_test {

/// Axes rotated 30 degrees about world z and permuted, anisotropic spacing, off-zero origin.
inline ves::Geometry oblique_geometry() {
  const double c = std::cos(M_PI / 6), s = std::sin(M_PI / 6);
  ves::Geometry g;
  g.direction = {0, -c, -s, 0, -s, c, 1, 0, 0};  // columns are orthonormal
  g.spacing = {0.8, 1.5, 3.0};
  g.origin = {10.0, -5.0, 2.5};
  return g;
}

/// A case [1, Z, Y, X]: "image" float = linear index + 1 (so 0 only in padding), "label" uint8
/// zero, "error_map" float = 2 * image; all on `geometry`.
inline ves::Sample indexed_case(std::vector<int64_t> shape, const ves::Geometry& geometry = {}) {
  ves::Sample s;
  s.case_id = "case_7";
  s.subject_id = "patient_7";
  s.meta["vertebra"] = "L1";
  shape.insert(shape.begin(), 1);
  int64_t count = 1;
  for (int64_t n : shape) count *= n;
  const at::Tensor image = at::arange(1, count + 1, at::kFloat).reshape(shape);
  s.volumes["image"] = ves::Volume{image, geometry};
  s.volumes["label"] = ves::Volume{at::zeros(shape, at::kByte), geometry};
  s.volumes["error_map"] = ves::Volume{image * 2, geometry};
  return s;
}

/// "z,y,x" (as in meta["patch_corner"]) back to numbers.
inline std::vector<int64_t> parse_corner(const std::string& text) {
  std::vector<int64_t> corner;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, ',')) corner.push_back(std::stoll(part));
  return corner;
}

}  // namespace samplers_test
