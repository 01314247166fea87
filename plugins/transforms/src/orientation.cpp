// Axis permutation maths for reorientation.
#include "orientation.hpp"

#include <ATen/ATen.h>

#include <cctype>
#include <cmath>

#include "ves/core/error.hpp"

namespace ves::transforms {
namespace {

constexpr int kPermutations[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2},
                                     {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};

double column_dot(const std::array<double, 9>& a, int ca, const std::array<double, 9>& b, int cb) {
  double dot = 0.0;
  for (int r = 0; r < 3; ++r) dot += a[r * 3 + ca] * b[r * 3 + cb];
  return dot;
}

// World axis (0 = x, 1 = y, 2 = z of LPS) and sign of an orientation letter.
bool letter_axis(char letter, int& axis, double& sign) {
  switch (letter) {
    case 'L':
      axis = 0;
      sign = 1;
      return true;
    case 'R':
      axis = 0;
      sign = -1;
      return true;
    case 'P':
      axis = 1;
      sign = 1;
      return true;
    case 'A':
      axis = 1;
      sign = -1;
      return true;
    case 'S':
      axis = 2;
      sign = 1;
      return true;
    case 'I':
      axis = 2;
      sign = -1;
      return true;
    default:
      return false;
  }
}

}  // namespace

bool AxisPlan::identity() const {
  for (int b = 0; b < 3; ++b)
    if (from[b] != b || flip[b]) return false;
  return true;
}

std::array<double, 9> direction_of_code(const std::string& code) {
  std::array<double, 9> direction{};
  bool used[3] = {false, false, false};
  bool ok = code.size() == 3;
  for (size_t b = 0; ok && b < 3; ++b) {
    int axis = 0;
    double sign = 0;
    ok = letter_axis(static_cast<char>(std::toupper(static_cast<unsigned char>(code[b]))), axis,
                     sign) &&
         !used[axis];
    if (ok) {
      used[axis] = true;
      direction[axis * 3 + b] = sign;
    }
  }
  if (!ok) {
    throw Error("orientation code '" + code +
                "' is not valid: use three letters naming where the x, y and z axes point, one "
                "of L/R, one of P/A and one of S/I (e.g. RAS or LPS)");
  }
  return direction;
}

std::string pointing_code(const Geometry& geometry) {
  // Matching the world axes (an identity grid) to this geometry's axes names each axis.
  const AxisPlan plan = plan_towards(Geometry{}, geometry.direction);
  static const char kPositive[3] = {'L', 'P', 'S'};
  static const char kNegative[3] = {'R', 'A', 'I'};
  std::string code(3, '?');
  for (int b = 0; b < 3; ++b)
    code[b] = plan.flip[b] ? kNegative[plan.from[b]] : kPositive[plan.from[b]];
  return code;
}

AxisPlan plan_towards(const Geometry& geometry, const std::array<double, 9>& target) {
  AxisPlan best;
  double best_score = -1.0;
  for (const auto& perm : kPermutations) {
    double score = 0.0;
    for (int b = 0; b < 3; ++b)
      score += std::abs(column_dot(target, b, geometry.direction, perm[b]));
    if (score > best_score + 1e-12) {
      best_score = score;
      for (int b = 0; b < 3; ++b) {
        best.from[b] = perm[b];
        best.flip[b] = column_dot(target, b, geometry.direction, perm[b]) < 0;
      }
    }
  }
  return best;
}

Volume apply_axis_plan(const Volume& volume, const AxisPlan& plan) {
  if (volume.spatial_dims() != 3) {
    throw DataError("reorienting needs a 3-D volume, got " + volume.describe());
  }
  const auto size = volume.size_xyz();
  const Geometry& in = volume.geometry;
  // Output dims [C, z', y', x'] read input dims 3 - from[b].
  at::Tensor data = volume.data.permute({0, 3 - plan.from[2], 3 - plan.from[1], 3 - plan.from[0]});
  std::vector<int64_t> flipped;
  for (int b = 0; b < 3; ++b)
    if (plan.flip[b]) flipped.push_back(3 - b);
  if (!flipped.empty()) data = data.flip(flipped);

  Volume out{data.contiguous(), in};
  std::array<double, 3> corner{0.0, 0.0, 0.0};  // input index of the output's voxel (0, 0, 0)
  for (int b = 0; b < 3; ++b) {
    const int a = plan.from[b];
    const double sign = plan.flip[b] ? -1.0 : 1.0;
    out.geometry.spacing[b] = in.spacing[a];
    for (int r = 0; r < 3; ++r) out.geometry.direction[r * 3 + b] = sign * in.direction[r * 3 + a];
    if (plan.flip[b]) corner[a] = static_cast<double>(size[a] - 1);
  }
  out.geometry.origin = in.index_to_physical(corner);
  return out;
}

}  // namespace ves::transforms
