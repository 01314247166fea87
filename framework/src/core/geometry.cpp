// Geometry maths in ITK's convention: physical = origin + direction * diag(spacing) * index.
#include "ves/core/geometry.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "ves/core/error.hpp"

namespace ves {
namespace {

using Matrix3 = std::array<double, 9>;  // row-major

// direction * diag(spacing), computed as ITK does so index_to_physical matches it bit for bit.
Matrix3 index_to_physical_matrix(const Geometry& g) {
  Matrix3 m{};
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) m[r * 3 + c] = g.direction[r * 3 + c] * g.spacing[c];
  }
  return m;
}

// General 3x3 inverse (the direction need not be orthogonal, e.g. sheared acquisitions).
Matrix3 inverse(const Matrix3& m, const Geometry& g) {
  const double c00 = m[4] * m[8] - m[5] * m[7];
  const double c01 = m[5] * m[6] - m[3] * m[8];
  const double c02 = m[3] * m[7] - m[4] * m[6];
  const double det = m[0] * c00 + m[1] * c01 + m[2] * c02;
  if (!(std::abs(det) > 1e-300) || !std::isfinite(det)) {
    throw DataError("cannot map a physical point to an index: the grid (" + g.describe() +
                    ") has a singular direction or zero spacing");
  }
  const double s = 1.0 / det;
  return {c00 * s, (m[2] * m[7] - m[1] * m[8]) * s, (m[1] * m[5] - m[2] * m[4]) * s,
          c01 * s, (m[0] * m[8] - m[2] * m[6]) * s, (m[2] * m[3] - m[0] * m[5]) * s,
          c02 * s, (m[1] * m[6] - m[0] * m[7]) * s, (m[0] * m[4] - m[1] * m[3]) * s};
}

// "1", "0.7", "-12.5": short and without a negative zero.
std::string number(double v) {
  return fmt::format("{:g}", v + 0.0);
}

}  // namespace

std::array<double, 3> Geometry::index_to_physical(const std::array<double, 3>& index) const {
  const Matrix3 m = index_to_physical_matrix(*this);
  std::array<double, 3> point{};
  for (int r = 0; r < 3; ++r) {
    point[r] = origin[r];
    for (int c = 0; c < 3; ++c) point[r] += m[r * 3 + c] * index[c];
  }
  return point;
}

std::array<double, 3> Geometry::physical_to_index(const std::array<double, 3>& point) const {
  const Matrix3 inv = inverse(index_to_physical_matrix(*this), *this);
  std::array<double, 3> index{};
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) index[r] += inv[r * 3 + c] * (point[c] - origin[c]);
  }
  return index;
}

bool Geometry::approx_equal(const Geometry& other, double tolerance) const {
  double min_spacing = std::abs(spacing[0]);
  for (int i = 0; i < 3; ++i) {
    const double a = spacing[i];
    const double b = other.spacing[i];
    if (std::abs(a - b) > tolerance * std::max(std::abs(a), std::abs(b))) return false;
    min_spacing = std::min({min_spacing, std::abs(a), std::abs(b)});
  }
  for (int i = 0; i < 3; ++i) {
    if (std::abs(origin[i] - other.origin[i]) > tolerance * min_spacing) return false;
  }
  for (int i = 0; i < 9; ++i) {
    if (std::abs(direction[i] - other.direction[i]) > tolerance) return false;
  }
  return true;
}

std::string Geometry::orientation_code() const {
  // DICOM / nibabel / MONAI / Slicer naming: each letter is the side an axis points TO, so
  // ITK's identity direction is "LPS" (ITK's own SpatialOrientation enum calls it "RAI").
  // Each axis takes its closest world axis; the permutation with the largest total alignment
  // wins, so two axes never claim the same world axis even for 45-degree obliques.
  static const int kPermutations[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2},
                                          {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
  const int* best = kPermutations[0];
  double best_score = -1.0;
  for (const auto& perm : kPermutations) {
    double score = 0.0;
    for (int c = 0; c < 3; ++c) score += std::abs(direction[perm[c] * 3 + c]);
    if (score > best_score + 1e-12) {
      best_score = score;
      best = perm;
    }
  }
  static const char kToPositive[3] = {'L', 'P', 'S'};  // world +x is left, +y posterior (LPS)
  static const char kToNegative[3] = {'R', 'A', 'I'};
  std::string code(3, '?');
  for (int c = 0; c < 3; ++c) {
    const int row = best[c];
    code[c] = direction[row * 3 + c] >= 0 ? kToPositive[row] : kToNegative[row];
  }
  return code;
}

std::string Geometry::describe() const {
  return fmt::format("spacing {}x{}x{} mm, origin ({}, {}, {}), {}", number(spacing[0]),
                     number(spacing[1]), number(spacing[2]), number(origin[0]), number(origin[1]),
                     number(origin[2]), orientation_code());
}

}  // namespace ves
