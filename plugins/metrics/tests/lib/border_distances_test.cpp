// The k-d tree and ITK's distance maps give the same border distances; the tree is exact.
#include "lib/border_distances.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "lib/confusion.hpp"
#include "lib/surface_distance.hpp"

namespace {

using namespace ves::metrics;

TEST(NearestPoint, FindsTheNearestPointWithAnisotropicSpacing) {
  // (0,0,0) and (3,0,0), (0,2,0) with spacing (1, 1, 4): from (0,0,1) the nearest is (0,0,0) at
  // 4 mm; from (2,1,0) it is (3,0,0) at sqrt(2) (not (0,2,0) at sqrt(5)).
  const NearestPoint tree({{0, 0, 0}, {3, 0, 0}, {0, 2, 0}, {0, 2, 0}}, {1, 1, 4});
  EXPECT_DOUBLE_EQ(tree.distance({0, 0, 1}), 4.0);
  EXPECT_DOUBLE_EQ(tree.distance({2, 1, 0}), std::sqrt(2.0));
  EXPECT_DOUBLE_EQ(tree.distance({3, 0, 0}), 0.0);
  EXPECT_THROW(NearestPoint({}, {1, 1, 1}), std::invalid_argument);
}

TEST(NearestPoint, EqualsABruteForceSearchOnManyPoints) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int32_t> coordinate(0, 40);
  std::vector<GridPoint> points(3000), queries(500);
  for (auto& p : points) p = {coordinate(rng), coordinate(rng), coordinate(rng) / 4};
  for (auto& q : queries) q = {coordinate(rng), coordinate(rng), coordinate(rng)};
  const std::array<double, 3> spacing{0.7, 1.1, 2.9};
  const NearestPoint tree(points, spacing);
  for (const auto& q : queries) {
    double best = INFINITY;
    for (const auto& p : points) {
      double d = 0;
      for (int a = 0; a < 3; ++a) d += std::pow((q[a] - p[a]) * spacing[a], 2);
      best = std::min(best, d);
    }
    ASSERT_DOUBLE_EQ(tree.distance(q), std::sqrt(best));
  }
}

// Random blobs on an anisotropic grid: every distance metric, both conventions, both methods.
TEST(BorderDistances, TreeAndDistanceMapsAgreeOnRandomMasks) {
  std::mt19937 rng(11);
  const MaskGrid grid{{30, 26, 14}, {0.8, 1.0, 2.5}};
  for (int trial = 0; trial < 6; ++trial) {
    std::bernoulli_distribution on(trial < 3 ? 0.5 : 0.05);
    std::vector<uint8_t> pred(static_cast<size_t>(grid.voxel_count())), ref(pred.size());
    for (auto& v : pred) v = on(rng);
    for (auto& v : ref) v = on(rng);
    const MaskScan scan = scan_masks(pred.data(), ref.data(), grid);
    for (Convention convention : {Convention::MetricsReloaded, Convention::DeepMind}) {
      DistanceOptions tree, map;
      tree.convention = map.convention = convention;
      tree.method = DistanceMethod::Tree;
      map.method = DistanceMethod::Map;
      const auto a = surface_distances(pred.data(), ref.data(), grid, scan.foreground, tree);
      const auto b = surface_distances(pred.data(), ref.data(), grid, scan.foreground, map);
      EXPECT_NEAR(a.hd, b.hd, 1e-12);
      EXPECT_NEAR(a.hd95, b.hd95, 1e-12);
      EXPECT_NEAR(a.assd, b.assd, 1e-12);
      EXPECT_NEAR(a.masd, b.masd, 1e-12);
      EXPECT_NEAR(a.nsd, b.nsd, 1e-12);
      EXPECT_GT(a.hd, 0.0);
    }
  }
}

}  // namespace
