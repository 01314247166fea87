// Boundary distances against published reference values (MONAI) and hand-computed cases.
#include "lib/surface_distance.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "lib/confusion.hpp"
#include "mask_builder.hpp"

namespace {

using namespace ves::metrics;
using ves_metrics_test::mask_with;

SurfaceDistances distances(const std::vector<uint8_t>& pred, const std::vector<uint8_t>& ref,
                           const MaskGrid& grid, const DistanceOptions& options = {}) {
  const MaskScan scan = scan_masks(pred.data(), ref.data(), grid);
  return surface_distances(pred.data(), ref.data(), grid, scan.foreground, options);
}

// A ball of radius r around index c: voxel inside when its squared distance is <= r^2.
std::vector<uint8_t> ball(const MaskGrid& grid, std::array<double, 3> c, double r) {
  std::vector<uint8_t> mask(static_cast<size_t>(grid.voxel_count()), 0);
  size_t i = 0;
  for (int64_t z = 0; z < grid.size[2]; ++z)
    for (int64_t y = 0; y < grid.size[1]; ++y)
      for (int64_t x = 0; x < grid.size[0]; ++x, ++i) {
        const double dx = static_cast<double>(x) - c[0], dy = static_cast<double>(y) - c[1],
                     dz = static_cast<double>(z) - c[2];
        mask[i] = dx * dx + dy * dy + dz * dz <= r * r;
      }
  return mask;
}

TEST(Percentile, InterpolatesLinearlyAsNumpy) {
  std::vector<double> v{4, 1, 3, 2};
  EXPECT_DOUBLE_EQ(percentile(v, 95), 3.85);  // np.percentile([1, 2, 3, 4], 95)
  EXPECT_DOUBLE_EQ(percentile(v, 50), 2.5);
  std::vector<double> one{7};
  EXPECT_DOUBLE_EQ(percentile(one, 95), 7);
  std::vector<double> none;
  EXPECT_TRUE(std::isnan(percentile(none, 95)));
}

// MONAI tests/metrics/test_hausdorff_distance.py: 99^3, spacing 1, spheres of radius 20
// (prediction) and 40 (reference) centred at (20, 33, 22); the large one leaves the image.
TEST(SurfaceDistance, ReproducesMonaisSphereValues) {
  const MaskGrid grid{{99, 99, 99}, {1, 1, 1}};
  const auto pred = ball(grid, {20, 33, 22}, 20);
  const auto ref = ball(grid, {20, 33, 22}, 40);
  const SurfaceDistances d = distances(pred, ref, grid);
  EXPECT_NEAR(d.hd, 20.223748416156685, 1e-4);
  EXPECT_NEAR(d.hd95, 20.09975124224178, 1e-4);
}

// One axis of 10 voxels (x; y and z of size 1), 2 mm apart: prediction {5}, reference 0..3.
// Borders: prediction {5}; reference {0, 3} (0 is on the image edge).
// pred->ref: |5-3| = 2 voxels; ref->pred: 5 and 2 voxels.
TEST(SurfaceDistance, FollowsTheMetricsReloadedDefinitions) {
  const MaskGrid grid{{10, 1, 1}, {2, 7, 9}};
  const auto pred = mask_with(grid, {{5, 0, 0}});
  const auto ref = mask_with(grid, {{0, 0, 0}, {1, 0, 0}, {2, 0, 0}, {3, 0, 0}});
  DistanceOptions options;
  options.nsd_tolerance_mm = 4.0;
  const SurfaceDistances d = distances(pred, ref, grid, options);
  EXPECT_DOUBLE_EQ(d.hd, 10.0);
  // Per direction: [4] -> 4; [4, 10] -> 4 + 0.95 * 6 = 9.7; the larger.
  EXPECT_DOUBLE_EQ(d.hd95, 9.7);
  EXPECT_DOUBLE_EQ(d.assd, (4.0 + 10.0 + 4.0) / 3.0);        // pooled over 3 border voxels
  EXPECT_DOUBLE_EQ(d.masd, (4.0 + (10.0 + 4.0) / 2) / 2.0);  // 5.5
  EXPECT_DOUBLE_EQ(d.nsd, 2.0 / 3.0);                        // 4 <= 4 twice, 10 > 4
}

TEST(SurfaceDistance, PooledConventionIsMedpys) {
  const MaskGrid grid{{10, 1, 1}, {2, 7, 9}};
  const auto pred = mask_with(grid, {{5, 0, 0}});
  const auto ref = mask_with(grid, {{0, 0, 0}, {1, 0, 0}, {2, 0, 0}, {3, 0, 0}});
  DistanceOptions options;
  options.convention = Convention::Pooled;
  const SurfaceDistances d = distances(pred, ref, grid, options);
  EXPECT_DOUBLE_EQ(d.hd, 10.0);
  EXPECT_DOUBLE_EQ(d.hd95, 4.0 + 0.9 * 6.0);  // [4, 4, 10]: position 1.9
  EXPECT_DOUBLE_EQ(d.assd, 5.5);              // medpy's assd: mean of the directed means
  EXPECT_DOUBLE_EQ(d.masd, 5.5);
}

// DeepMind's single voxels (128^3, spacing 3, 2, 1 mm; (50, 60, 70) vs (50, 60, 72)): a voxel is
// its own border, 2 voxels of 1 mm apart. (DeepMind's surfel convention gives ASSD 1.5.)
TEST(SurfaceDistance, SingleVoxelsAreTheirOwnBorder) {
  const MaskGrid grid{{128, 128, 128}, {3, 2, 1}};
  const auto ref = mask_with(grid, {{50, 60, 70}});
  const auto pred = mask_with(grid, {{50, 60, 72}});
  const SurfaceDistances d = distances(pred, ref, grid);
  EXPECT_DOUBLE_EQ(d.hd, 2.0);
  EXPECT_DOUBLE_EQ(d.hd95, 2.0);
  EXPECT_DOUBLE_EQ(d.assd, 2.0);
  EXPECT_DOUBLE_EQ(d.nsd, 0.0);  // tolerance 1 mm
}

// A 2-D mask (z of size 1) has no neighbours along z: the centre of a 3 x 3 square is inside.
TEST(SurfaceDistance, TwoDimensionalMasksErodeInPlane) {
  const MaskGrid grid{{5, 5, 1}, {1, 1, 5}};
  std::vector<uint8_t> square(25, 0);
  for (int y = 1; y <= 3; ++y)
    for (int x = 1; x <= 3; ++x) square[static_cast<size_t>(y * 5 + x)] = 1;
  const auto centre = mask_with(grid, {{2, 2, 0}});
  const SurfaceDistances d = distances(square, centre, grid);
  // ref->pred: centre to the ring, 1 mm; pred->ref: the ring's corners are sqrt(2) away.
  EXPECT_NEAR(d.hd, std::sqrt(2.0), 1e-9);
  EXPECT_NEAR(d.masd, ((4 * 1.0 + 4 * std::sqrt(2.0)) / 8 + 1.0) / 2, 1e-9);
  const SurfaceDistances same = distances(square, square, grid);
  EXPECT_DOUBLE_EQ(same.hd, 0.0);
  EXPECT_DOUBLE_EQ(same.nsd, 1.0);
}

TEST(SurfaceDistance, CroppingToTheForegroundChangesNothing) {
  const MaskGrid grid{{30, 24, 20}, {0.8, 1.1, 2.5}};
  const auto pred = ball(grid, {14, 11, 9}, 6);
  const auto ref = ball(grid, {16, 12, 8}, 7);
  VoxelBox whole;
  whole.lo = {0, 0, 0};
  whole.hi = {29, 23, 19};
  const SurfaceDistances cropped = distances(pred, ref, grid);
  const SurfaceDistances full = surface_distances(pred.data(), ref.data(), grid, whole);
  EXPECT_DOUBLE_EQ(cropped.hd, full.hd);
  EXPECT_DOUBLE_EQ(cropped.hd95, full.hd95);
  EXPECT_DOUBLE_EQ(cropped.assd, full.assd);
  EXPECT_DOUBLE_EQ(cropped.nsd, full.nsd);
  EXPECT_GT(cropped.hd, 0.0);
}

TEST(SurfaceDistance, EmptyMasksFollowTheConfiguredRules) {
  const MaskGrid grid{{4, 4, 3}, {0.5, 0.5, 2.0}};
  const std::vector<uint8_t> empty(48, 0);
  const auto one = mask_with(grid, {{1, 1, 1}});
  DistanceOptions options;
  EXPECT_DOUBLE_EQ(distances(empty, empty, grid, options).hd, 0.0);
  EXPECT_DOUBLE_EQ(distances(empty, empty, grid, options).nsd, 1.0);
  options.empty_score = EmptyScore::NaN;
  EXPECT_TRUE(std::isnan(distances(empty, empty, grid, options).hd95));
  EXPECT_TRUE(std::isnan(distances(empty, one, grid, options).hd));
  EXPECT_DOUBLE_EQ(distances(empty, one, grid, options).nsd, 0.0);
  options.empty_distance = EmptyDistance::Inf;
  EXPECT_TRUE(std::isinf(distances(one, empty, grid, options).assd));
  options.empty_distance = EmptyDistance::Diagonal;
  EXPECT_DOUBLE_EQ(distances(one, empty, grid, options).hd,
                   std::sqrt(2.0 * 2.0 + 2.0 * 2.0 + 36.0));
}

TEST(SurfaceDistance, NamesItsConventionsAndRules) {
  EXPECT_EQ(parse_convention("pooled"), Convention::Pooled);
  EXPECT_EQ(parse_empty_distance("diagonal"), EmptyDistance::Diagonal);
  EXPECT_THROW(parse_convention("deepmnd"), std::invalid_argument);
  EXPECT_THROW(parse_empty_distance("zero"), std::invalid_argument);
}

}  // namespace
