#include "spatial.hpp"

#include <cmath>

namespace ves_augment {
namespace {

using Matrix3 = std::array<double, 9>;  // row-major

constexpr double kDegree = 3.14159265358979323846 / 180.0;

Matrix3 multiply(const Matrix3& a, const Matrix3& b) {
  Matrix3 c{};
  for (int r = 0; r < 3; ++r) {
    for (int k = 0; k < 3; ++k) {
      for (int col = 0; col < 3; ++col) c[r * 3 + col] += a[r * 3 + k] * b[k * 3 + col];
    }
  }
  return c;
}

Matrix3 diagonal(double x, double y, double z) {
  return {x, 0, 0, 0, y, 0, 0, 0, z};
}

// Rotation by `degrees` about axis 0 (x), 1 (y) or 2 (z), right-handed: about z, +x turns to +y.
Matrix3 rotation(int axis, double degrees) {
  const double c = std::cos(degrees * kDegree);
  const double s = std::sin(degrees * kDegree);
  if (axis == 0) return {1, 0, 0, 0, c, -s, 0, s, c};
  if (axis == 1) return {c, 0, s, 0, 1, 0, -s, 0, c};
  return {c, -s, 0, s, c, 0, 0, 0, 1};
}

double draw_in(const std::array<double, 2>& range, ves::Rng& rng) {
  return range[0] == range[1] ? range[0] : rng.uniform(range[0], range[1]);
}

}  // namespace

bool SpatialDraw::operator==(const SpatialDraw& other) const {
  return flip == other.flip && rotate_deg == other.rotate_deg && scale == other.scale &&
         translate_voxels == other.translate_voxels;
}

SpatialDraw draw_spatial(const SpatialRanges& ranges, int dims,
                         const std::array<int64_t, 3>& size_xyz,
                         const std::array<double, 3>& spacing, ves::Rng& rng) {
  SpatialDraw d;
  // The draw order is fixed (flips, rotation, scale, translation) so a seed means one result.
  for (int i = 0; i < dims; ++i) {
    const auto p = ranges.flip_p[static_cast<size_t>(i)];
    d.flip[static_cast<size_t>(i)] = p > 0 && rng.bernoulli(p);
  }
  if (ranges.rotate_p > 0 && rng.bernoulli(ranges.rotate_p)) {
    for (int axis = (dims == 2 ? 2 : 0); axis < 3; ++axis) {
      d.rotate_deg[static_cast<size_t>(axis)] =
          draw_in(ranges.rotate_deg[static_cast<size_t>(axis)], rng);
    }
  }
  if (ranges.scale_p > 0 && rng.bernoulli(ranges.scale_p)) {
    if (ranges.isotropic_scale) {
      const double s = draw_in(ranges.scale, rng);
      for (int i = 0; i < dims; ++i) d.scale[static_cast<size_t>(i)] = s;
    } else {
      for (int i = 0; i < dims; ++i) d.scale[static_cast<size_t>(i)] = draw_in(ranges.scale, rng);
    }
  }
  if (ranges.translate_p > 0 && rng.bernoulli(ranges.translate_p)) {
    for (int i = 0; i < dims; ++i) {
      const auto a = static_cast<size_t>(i);
      const double t = ranges.translate[a];
      if (t == 0) continue;
      const double u = rng.uniform(-t, t);
      switch (ranges.translate_units) {
        case TranslateUnits::Fraction:
          d.translate_voxels[a] = u * static_cast<double>(size_xyz[a]);
          break;
        case TranslateUnits::Voxels:
          d.translate_voxels[a] = u;
          break;
        case TranslateUnits::Millimetres:
          d.translate_voxels[a] = u / spacing[a];
          break;
      }
    }
  }
  return d;
}

VoxelMap sampling_map(const SpatialDraw& draw, int dims, const std::array<double, 3>& spacing) {
  // Forward map of the content in voxels: v -> A v + t with A = D^-1 R D S F (D = diag(spacing),
  // S scale, F flips). Sampling needs the inverse: v_in = A^-1 (v_out - t),
  // A^-1 = F S^-1 D^-1 R^T D since F, S, D are diagonal and R orthogonal.
  const auto& a = draw.rotate_deg;
  Matrix3 r = dims == 2
                  ? rotation(2, a[2])
                  : multiply(rotation(2, a[2]), multiply(rotation(1, a[1]), rotation(0, a[0])));
  Matrix3 rt{};
  for (int i = 0; i < 3; ++i) {
    for (int k = 0; k < 3; ++k) rt[i * 3 + k] = r[k * 3 + i];
  }
  std::array<double, 3> pre{};  // diagonal of F S^-1 D^-1
  for (size_t i = 0; i < 3; ++i) {
    pre[i] = (draw.flip[i] ? -1.0 : 1.0) / (draw.scale[i] * spacing[i]);
  }
  const Matrix3 inverse = multiply(diagonal(pre[0], pre[1], pre[2]),
                                   multiply(rt, diagonal(spacing[0], spacing[1], spacing[2])));
  VoxelMap map;
  map.matrix = inverse;
  for (size_t i = 0; i < 3; ++i) {
    double o = 0;
    for (size_t k = 0; k < 3; ++k) o -= inverse[i * 3 + k] * draw.translate_voxels[k];
    map.offset[i] = o;
  }
  if (dims == 2) {  // keep z untouched so the map stays well-defined for the unused axis
    map.matrix[2] = map.matrix[5] = map.matrix[6] = map.matrix[7] = 0;
    map.matrix[8] = 1;
    map.offset[2] = 0;
  }
  return map;
}

ves::Geometry centred_geometry(const ves::Geometry& geometry, const std::array<int64_t, 3>& in_size,
                               const std::array<int64_t, 3>& out_size) {
  ves::Geometry out = geometry;
  std::array<double, 3> first{};
  for (size_t i = 0; i < 3; ++i) first[i] = 0.5 * static_cast<double>(in_size[i] - out_size[i]);
  out.origin = geometry.index_to_physical(first);
  return out;
}

}  // namespace ves_augment
