#include "lib/border_distances.hpp"

#include <algorithm>
#include <future>

#include "lib/distance_map.hpp"

namespace ves::metrics {
namespace {

// Below this many queries a second thread costs more than it saves.
constexpr size_t kParallelQueries = 20000;

std::vector<double> by_map(const std::vector<GridPoint>& from, const std::vector<GridPoint>& to,
                           const std::array<int64_t, 3>& extent,
                           const std::array<double, 3>& spacing) {
  auto marks = blank_marks(extent, spacing);
  uint8_t* mark = marks->GetBufferPointer();
  const auto at = [&](const GridPoint& p) {
    return static_cast<size_t>(p[0] + extent[0] * (p[1] + extent[1] * static_cast<int64_t>(p[2])));
  };
  for (const GridPoint& p : to) mark[at(p)] = 1;
  const auto map = distance_to(marks);
  const double* distance = map->GetBufferPointer();
  std::vector<double> out(from.size());
  for (size_t i = 0; i < from.size(); ++i)
    out[i] = std::max(0.0, distance[at(from[i])]);  // inside the set: on it
  return out;
}

}  // namespace

BorderDistances border_distances(const std::vector<GridPoint>& a, const std::vector<GridPoint>& b,
                                 const std::array<int64_t, 3>& extent,
                                 const std::array<double, 3>& spacing, DistanceMethod method) {
  BorderDistances out;
  if (method == DistanceMethod::Map) {  // ITK's filter uses every core itself
    out.a_to_b = by_map(a, b, extent, spacing);
    out.b_to_a = by_map(b, a, extent, spacing);
    return out;
  }
  if (a.size() + b.size() < kParallelQueries) {
    out.a_to_b = nearest_distances(a, b, spacing);
    out.b_to_a = nearest_distances(b, a, spacing);
    return out;
  }
  auto other = std::async(std::launch::async, [&] { return nearest_distances(b, a, spacing); });
  out.a_to_b = nearest_distances(a, b, spacing);
  out.b_to_a = other.get();
  return out;
}

}  // namespace ves::metrics
