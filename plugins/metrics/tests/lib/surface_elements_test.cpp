// The deepmind convention (corner-grid surface elements weighted by area) against
// google-deepmind/surface-distance's published example, hand-computed areas and values from
// reference/deepmind_reference.py (numpy + scipy).
#include "lib/surface_elements.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "lib/confusion.hpp"
#include "lib/segmentation_metrics.hpp"
#include "lib/surface_distance.hpp"
#include "mask_builder.hpp"

namespace {

using namespace ves::metrics;
using ves_metrics_test::mask_with;

SurfaceDistances deepmind(const std::vector<uint8_t>& pred, const std::vector<uint8_t>& ref,
                          const MaskGrid& grid, double tolerance = 1.0) {
  DistanceOptions options;
  options.convention = Convention::DeepMind;
  options.nsd_tolerance_mm = tolerance;
  const MaskScan scan = scan_masks(pred.data(), ref.data(), grid);
  return surface_distances(pred.data(), ref.data(), grid, scan.foreground, options);
}

TEST(SurfelAreas, ScaleEachTriangleByTheFaceItIsNormalTo) {
  const auto areas = surfel_areas({3, 2, 1});
  EXPECT_DOUBLE_EQ(areas[0], 0.0);
  EXPECT_DOUBLE_EQ(areas[255], 0.0);
  // A plane normal to x (the four corners at x offset 1 inside): a full y-z face, 2 x 1 mm.
  EXPECT_DOUBLE_EQ(areas[15], 2.0);
  EXPECT_DOUBLE_EQ(areas[51], 3.0);  // normal to y: 3 x 1
  EXPECT_DOUBLE_EQ(areas[85], 6.0);  // normal to z: 3 x 2
  // One corner cut off: area vector (1/8)(1, 1, 1) -> (1/8)(2, 3, 6), length 7/8.
  EXPECT_DOUBLE_EQ(areas[1], 0.875);
  for (int code = 0; code < 256; ++code)
    EXPECT_DOUBLE_EQ(areas[static_cast<size_t>(code)], areas[static_cast<size_t>(255 - code)])
        << "the surface of a code and of its complement is the same, code " << code;
}

TEST(ContourLengths, FollowMarchingSquares) {
  const auto lengths = contour_lengths(3, 2);
  const double diagonal = 0.5 * std::sqrt(13.0);
  EXPECT_DOUBLE_EQ(lengths[0], 0.0);
  EXPECT_DOUBLE_EQ(lengths[15], 0.0);
  EXPECT_DOUBLE_EQ(lengths[1], diagonal);
  EXPECT_DOUBLE_EQ(lengths[14], diagonal);
  EXPECT_DOUBLE_EQ(lengths[3], 2.0);  // pixels (x, y-1) and (x, y): a line along y
  EXPECT_DOUBLE_EQ(lengths[5], 3.0);  // pixels (x-1, y) and (x, y): a line along x
  EXPECT_DOUBLE_EQ(lengths[6], 2 * diagonal);
}

// surface_distance_test.py of google-deepmind/surface-distance: 128^3, spacing (3, 2, 1), one
// reference voxel at (50, 60, 70), one predicted at (50, 60, 72).
TEST(DeepMindConvention, ReproducesThePublishedSingleVoxelExample) {
  const MaskGrid grid{{128, 128, 128}, {3, 2, 1}};
  const auto ref = mask_with(grid, {{50, 60, 70}});
  const auto pred = mask_with(grid, {{50, 60, 72}});
  const SurfaceDistances d = deepmind(pred, ref, grid, 1.0);
  EXPECT_DOUBLE_EQ(d.asd_ref_to_pred, 1.5);
  EXPECT_DOUBLE_EQ(d.asd_pred_to_ref, 1.5);
  EXPECT_DOUBLE_EQ(d.hd, 2.0);
  EXPECT_DOUBLE_EQ(d.hd95, 2.0);
  EXPECT_DOUBLE_EQ(d.nsd, 0.5);
  EXPECT_DOUBLE_EQ(compute_segmentation_metrics(pred, ref, grid).overlap.dice, 0.0);
}

// Two ellipsoids, the predicted one with holes, on an anisotropic grid:
// reference/deepmind_reference.py.
TEST(DeepMindConvention, MatchesTheNumpyScipyReferenceOnEllipsoidsWithHoles) {
  const MaskGrid grid{{40, 36, 30}, {0.8, 1.0, 2.5}};
  std::vector<uint8_t> pred(static_cast<size_t>(grid.voxel_count())), ref(pred.size());
  size_t i = 0;
  for (int64_t z = 0; z < 30; ++z)
    for (int64_t y = 0; y < 36; ++y)
      for (int64_t x = 0; x < 40; ++x, ++i) {
        ref[i] = (x - 18) * (x - 18) * 64 * 25 + (y - 17) * (y - 17) * 100 * 25 +
                     (z - 14) * (z - 14) * 100 * 64 <=
                 100 * 64 * 25;
        pred[i] = (x - 20) * (x - 20) * 81 * 16 + (y - 16) * (y - 16) * 81 * 16 +
                          (z - 15) * (z - 15) * 81 * 81 <=
                      81 * 81 * 16 &&
                  (x * 7 + y * 3 + z * 5) % 13 != 0;
      }
  const SurfaceDistances d = deepmind(pred, ref, grid, 2.0);
  EXPECT_NEAR(d.hd, 6.694027188471825, 1e-12);
  EXPECT_NEAR(d.hd95, 4.060788100849391, 1e-12);
  EXPECT_NEAR(d.asd_pred_to_ref, 1.196838582550715, 1e-12);
  EXPECT_NEAR(d.asd_ref_to_pred, 1.213766672508, 1e-12);
  EXPECT_NEAR(d.assd, 1.2048408624675009, 1e-12);
  EXPECT_NEAR(d.masd, (1.196838582550715 + 1.213766672508) / 2, 1e-12);
  EXPECT_NEAR(d.nsd, 0.762136779029736, 1e-12);
}

// A 2-D mask (one slice): contour lengths, not a slab's surface. Pixels (5, 5) and (5, 7),
// spacing (3, 2): reference corners at y 5 and 6, predicted ones at y 7 and 8; all eight have
// one pixel inside (length = half the diagonal). Distances along y: 2 and 4 mm either way.
TEST(DeepMindConvention, UsesContoursOnATwoDimensionalMask) {
  const MaskGrid grid{{12, 12, 1}, {3, 2, 7}};
  const auto ref = mask_with(grid, {{5, 5, 0}});
  const auto pred = mask_with(grid, {{5, 7, 0}});
  const SurfaceDistances d = deepmind(pred, ref, grid, 2.0);
  EXPECT_DOUBLE_EQ(d.asd_pred_to_ref, 3.0);
  EXPECT_DOUBLE_EQ(d.asd_ref_to_pred, 3.0);
  EXPECT_DOUBLE_EQ(d.hd, 4.0);
  EXPECT_DOUBLE_EQ(d.hd95, 4.0);
  EXPECT_DOUBLE_EQ(d.nsd, 0.5);
}

TEST(DeepMindConvention, IdenticalMasksHaveZeroDistancesAndFullSurfaceDice) {
  const MaskGrid grid{{6, 6, 6}, {1, 1, 1}};
  const auto m = mask_with(grid, {{1, 1, 1}, {2, 1, 1}, {2, 2, 1}, {2, 2, 2}});
  const SurfaceDistances d = deepmind(m, m, grid);
  EXPECT_DOUBLE_EQ(d.hd, 0.0);
  EXPECT_DOUBLE_EQ(d.assd, 0.0);
  EXPECT_DOUBLE_EQ(d.nsd, 1.0);
}

TEST(DeepMindConvention, FollowsTheEmptyMaskRules) {
  const MaskGrid grid{{6, 6, 6}, {1, 1, 1}};
  const auto empty = mask_with(grid, {});
  const auto one = mask_with(grid, {{2, 2, 2}});
  DistanceOptions options;
  options.convention = Convention::DeepMind;
  options.empty_distance = EmptyDistance::Inf;
  const MaskScan scan = scan_masks(one.data(), empty.data(), grid);
  const SurfaceDistances d =
      surface_distances(one.data(), empty.data(), grid, scan.foreground, options);
  EXPECT_TRUE(std::isinf(d.hd));
  EXPECT_DOUBLE_EQ(d.nsd, 0.0);
  const MaskScan none = scan_masks(empty.data(), empty.data(), grid);
  EXPECT_DOUBLE_EQ(
      surface_distances(empty.data(), empty.data(), grid, none.foreground, options).nsd, 1.0);
}

TEST(AreaPercentile, TakesTheFirstDistanceWhoseCumulativeShareReachesP) {
  // Areas 1, 1, 2 at distances 3, 1, 2: sorted 1 (0.25), 2 (0.75), 3 (1.0).
  EXPECT_DOUBLE_EQ(area_percentile({3, 1, 2}, {1, 1, 2}, 95), 3.0);
  EXPECT_DOUBLE_EQ(area_percentile({3, 1, 2}, {1, 1, 2}, 75), 2.0);
  EXPECT_DOUBLE_EQ(area_percentile({3, 1, 2}, {1, 1, 2}, 10), 1.0);
  EXPECT_TRUE(std::isnan(area_percentile({}, {}, 95)));
}

}  // namespace
