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

// A 2-D mask (z size 1) from index ranges [x0, x1) x [y0, y1), as numpy slices mask[x0:x1, y0:y1].
void fill(std::vector<uint8_t>& mask, const MaskGrid& grid, int64_t x0, int64_t x1, int64_t y0,
          int64_t y1) {
  for (int64_t y = y0; y < y1; ++y)
    for (int64_t x = x0; x < x1; ++x) mask[static_cast<size_t>(x + grid.size[0] * y)] = 1;
}

// MetricsReloaded's test_pairwise_measures.py (Pitfalls paper, figure 10): a 5 x 5 square as
// reference, the same square plus a cross through it (row 5 and column 5, 1..9) as prediction.
// Published (rounded): DSC 0.862, ASSD 0.44 (+-0.01), MASD 0.425 (+-0.001), NSD at 1 0.89
// (+-0.01), at 2 1.0.
TEST(SurfaceDistance, ReproducesMetricsReloadedsFigure10Values) {
  const MaskGrid grid{{11, 11, 1}, {1, 1, 1}};
  std::vector<uint8_t> ref(121, 0), pred(121, 0);
  fill(ref, grid, 3, 8, 3, 8);
  fill(pred, grid, 3, 8, 3, 8);
  fill(pred, grid, 5, 6, 1, 10);
  fill(pred, grid, 1, 10, 5, 6);
  DistanceOptions options;
  const SurfaceDistances d = distances(pred, ref, grid, options);
  EXPECT_NEAR(d.assd, 0.44, 0.01);
  EXPECT_NEAR(d.masd, 0.425, 0.001);
  EXPECT_NEAR(d.nsd, 0.89, 0.01);
  // Unrounded, from numpy/scipy with MetricsReloaded's definitions (border = mask minus its
  // binary_erosion, distance_transform_edt): 4/9, 0.425, 8/9.
  EXPECT_NEAR(d.assd, 4.0 / 9.0, 1e-12);
  EXPECT_NEAR(d.masd, 0.425, 1e-12);
  EXPECT_NEAR(d.nsd, 8.0 / 9.0, 1e-12);
  options.nsd_tolerance_mm = 2;
  EXPECT_NEAR(distances(pred, ref, grid, options).nsd, 1.0, 0.01);
  const MaskScan scan = scan_masks(pred.data(), ref.data(), grid);
  const double tp = static_cast<double>(scan.confusion.tp);
  EXPECT_NEAR(2 * tp / (2 * tp + scan.confusion.fp + scan.confusion.fn), 0.862, 0.001);
}

// MetricsReloaded's test_hd (figure 20): reference = one pixel at (1, 1) plus the square
// [9, 12)^2, prediction = the square. HD 11.31, HD95 6.79 (the example where tools
// disagree: the pooled percentile gives less).
TEST(SurfaceDistance, ReproducesMetricsReloadedsHausdorffExample) {
  const MaskGrid grid{{14, 14, 1}, {1, 1, 1}};
  std::vector<uint8_t> ref(196, 0), pred(196, 0);
  fill(ref, grid, 1, 2, 1, 2);
  fill(ref, grid, 9, 12, 9, 12);
  fill(pred, grid, 9, 12, 9, 12);
  const SurfaceDistances d = distances(pred, ref, grid);
  EXPECT_NEAR(d.hd, 11.31, 0.01);
  EXPECT_NEAR(d.hd95, 6.79, 0.01);
  EXPECT_DOUBLE_EQ(d.hd, std::sqrt(128.0));
  EXPECT_DOUBLE_EQ(d.hd95, 0.6 * std::sqrt(128.0));  // ref->pred: 8 zeros and 11.31, at 7.6
}

TEST(SurfaceDistance, NamesItsConventionsAndRules) {
  EXPECT_EQ(parse_convention("pooled"), Convention::Pooled);
  EXPECT_EQ(parse_empty_distance("diagonal"), EmptyDistance::Diagonal);
  EXPECT_THROW(parse_convention("deepmnd"), std::invalid_argument);
  EXPECT_THROW(parse_empty_distance("zero"), std::invalid_argument);
}

}  // namespace
