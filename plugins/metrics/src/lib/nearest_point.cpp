#include "lib/nearest_point.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace ves::metrics {
namespace {

constexpr int32_t kLeafSize = 12;

double squared(int32_t steps, double spacing) {
  const double d = static_cast<double>(steps) * spacing;
  return d * d;
}

}  // namespace

NearestPoint::NearestPoint(std::vector<GridPoint> points, const std::array<double, 3>& spacing)
    : points_(std::move(points)), spacing_(spacing) {
  if (points_.empty()) throw std::invalid_argument("NearestPoint needs at least one point");
  nodes_.reserve(2 * points_.size() / kLeafSize + 2);
  build(0, static_cast<int32_t>(points_.size()));
}

int32_t NearestPoint::build(int32_t begin, int32_t end) {
  const auto index = static_cast<int32_t>(nodes_.size());
  nodes_.push_back(Node{begin, end});
  if (end - begin <= kLeafSize) return index;
  // Split the widest extent (in mm) at the median.
  GridPoint lo = points_[static_cast<size_t>(begin)], hi = lo;
  for (int32_t i = begin; i < end; ++i)
    for (int a = 0; a < 3; ++a) {
      lo[a] = std::min(lo[a], points_[static_cast<size_t>(i)][a]);
      hi[a] = std::max(hi[a], points_[static_cast<size_t>(i)][a]);
    }
  int axis = 0;
  for (int a = 1; a < 3; ++a)
    if ((hi[a] - lo[a]) * spacing_[a] > (hi[axis] - lo[axis]) * spacing_[axis]) axis = a;
  if (hi[axis] == lo[axis]) return index;  // all points equal: a leaf of duplicates
  const int32_t middle = begin + (end - begin) / 2;
  auto first = points_.begin() + begin, mid = points_.begin() + middle,
       last = points_.begin() + end;
  std::nth_element(first, mid, last,
                   [axis](const GridPoint& a, const GridPoint& b) { return a[axis] < b[axis]; });
  int32_t split = (*mid)[axis];
  // Points equal to the median may lie on both sides after nth_element: partition strictly.
  auto cut = std::partition(first, last, [&](const GridPoint& p) { return p[axis] < split; });
  if (cut == first) {  // the median is the minimum: split above it instead
    split += 1;
    cut = std::partition(first, last, [&](const GridPoint& p) { return p[axis] < split; });
  }
  const auto cut_at = static_cast<int32_t>(cut - points_.begin());
  const int32_t left = build(begin, cut_at);
  const int32_t right = build(cut_at, end);
  Node& node = nodes_[static_cast<size_t>(index)];
  node.left = left;
  node.right = right;
  node.axis = axis;
  node.split = split;
  return index;
}

void NearestPoint::search(int32_t at, const GridPoint& q, double& best) const {
  const Node& node = nodes_[static_cast<size_t>(at)];
  if (node.left < 0) {
    for (int32_t i = node.begin; i < node.end; ++i) {
      const GridPoint& p = points_[static_cast<size_t>(i)];
      const double d = squared(q[0] - p[0], spacing_[0]) + squared(q[1] - p[1], spacing_[1]) +
                       squared(q[2] - p[2], spacing_[2]);
      best = std::min(best, d);
    }
    return;
  }
  const int32_t offset = q[node.axis] - node.split;  // < 0: the query is on the left side
  const int32_t near = offset < 0 ? node.left : node.right;
  const int32_t far = offset < 0 ? node.right : node.left;
  search(near, q, best);
  // The far side's points are at least this far along the axis: left ones have coordinate
  // <= split - 1, right ones >= split.
  const int32_t gap = offset < 0 ? -offset : offset + 1;
  if (squared(gap, spacing_[static_cast<size_t>(node.axis)]) < best) search(far, q, best);
}

double NearestPoint::distance(const GridPoint& query) const {
  double best = std::numeric_limits<double>::infinity();
  search(0, query, best);
  return std::sqrt(best);
}

std::vector<double> nearest_distances(const std::vector<GridPoint>& from,
                                      const std::vector<GridPoint>& to,
                                      const std::array<double, 3>& spacing) {
  const NearestPoint tree(to, spacing);
  std::vector<double> out(from.size());
  for (size_t i = 0; i < from.size(); ++i) out[i] = tree.distance(from[i]);
  return out;
}

}  // namespace ves::metrics
