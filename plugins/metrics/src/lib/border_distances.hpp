#pragma once
// Distances in mm between two sets of border points, both ways: by a k-d tree over the points
// (only border points need a distance), or by ITK's distance maps of their whole box (the same
// values, several times slower: measured in plugins/metrics/README.md).
#include <array>
#include <cstdint>
#include <vector>

#include "lib/nearest_point.hpp"

namespace ves::metrics {

/// How the distances are found: Tree (the default) or Map (ITK's Maurer distance maps).
enum class DistanceMethod { Tree, Map };

/// For each point of `a` the distance to the nearest point of `b`, and the other way.
struct BorderDistances {
  std::vector<double> a_to_b;  ///< in the order of `a`
  std::vector<double> b_to_a;  ///< in the order of `b`
};

/// `a` and `b` (not empty) hold indices inside [0, extent) per axis; `spacing` in mm.
BorderDistances border_distances(const std::vector<GridPoint>& a, const std::vector<GridPoint>& b,
                                 const std::array<int64_t, 3>& extent,
                                 const std::array<double, 3>& spacing,
                                 DistanceMethod method = DistanceMethod::Tree);

}  // namespace ves::metrics
