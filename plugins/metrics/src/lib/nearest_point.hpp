#pragma once
// Exact nearest-neighbour distances in mm from grid points to a set of grid points (a k-d tree
// over the set). Distances need only be known at border voxels, so this replaces a distance map
// of the whole box when borders are thin. Standard library only.
#include <array>
#include <cstdint>
#include <vector>

namespace ves::metrics {

/// A grid point (voxel or voxel-corner index along x, y, z).
using GridPoint = std::array<int32_t, 3>;

/// The points of one set, for distance queries with `spacing` (mm per index step).
class NearestPoint {
 public:
  /// Builds the tree over `points` (at least one).
  NearestPoint(std::vector<GridPoint> points, const std::array<double, 3>& spacing);
  /// Euclidean distance in mm from `query` to the nearest point of the set: the square root of
  /// the sum over x, y, z of ((query - point) * spacing)^2.
  double distance(const GridPoint& query) const;

 private:
  struct Node {
    int32_t begin, end;  // points[begin, end) when a leaf
    int32_t left = -1, right = -1;
    int axis = 0;
    int32_t split = 0;  // points with coordinate < split go left
  };
  int32_t build(int32_t begin, int32_t end);
  void search(int32_t node, const GridPoint& q, double& best) const;

  std::vector<GridPoint> points_;
  std::vector<Node> nodes_;
  std::array<double, 3> spacing_;
};

/// Distances from each point of `from` to the nearest point of `to` (not empty), in mm.
std::vector<double> nearest_distances(const std::vector<GridPoint>& from,
                                      const std::vector<GridPoint>& to,
                                      const std::array<double, 3>& spacing);

}  // namespace ves::metrics
