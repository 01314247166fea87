#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include "test_volumes.hpp"
#include "ves/core/error.hpp"
#include "ves/core/resample.hpp"

namespace ves::transforms {
namespace {

TEST(GridWithSpacing, SizeIsOldExtentOverNewSpacingRoundedAndOriginIsKept) {
  Geometry g;
  g.spacing = {1.0, 1.5, 3.0};
  g.origin = {10.0, -20.0, 5.0};
  const Volume volume{at::zeros({1, 5, 7, 10}), g};
  const Grid grid = grid_with_spacing(volume, {2.0, 1.0, 0.0});
  EXPECT_EQ(grid.size[0], 5);   // 10 * 1 / 2
  EXPECT_EQ(grid.size[1], 11);  // round(7 * 1.5 / 1) = round(10.5)
  EXPECT_EQ(grid.size[2], 5);   // 0 keeps the axis
  EXPECT_DOUBLE_EQ(grid.geometry.spacing[0], 2.0);
  EXPECT_DOUBLE_EQ(grid.geometry.spacing[1], 1.0);
  EXPECT_DOUBLE_EQ(grid.geometry.spacing[2], 3.0);
  EXPECT_EQ(grid.geometry.origin, g.origin);
  EXPECT_EQ(grid.geometry.direction, g.direction);
}

TEST(ResampleOnto, GivesTheResampledVolumeTheGridsShapeAndGeometry) {
  Geometry g = ves_test::oblique_geometry();
  const Volume volume = ves_test::ramp_volume({2, 4, 5, 6}, g);
  const Grid grid = grid_with_spacing(volume, {0.4, 0.0, 1.5});
  const Volume out = resample_onto(volume, grid, Interpolation::Linear);
  EXPECT_EQ(out.data.sizes(), (std::vector<int64_t>{2, 8, 5, 12}));
  EXPECT_TRUE(out.geometry.approx_equal(grid.geometry, 1e-12));
}

TEST(ResampleOnto, LinearInterpolationOfARampIsExactBetweenVoxelCentres) {
  Geometry g;
  g.spacing = {2.0, 1.0, 1.0};
  // Value = physical x position (mm) = 2 * index.
  const Volume volume{(at::arange(8, at::kFloat) * 2).view({1, 1, 1, 8}), g};
  const Volume out =
      resample_onto(volume, grid_with_spacing(volume, {1.0, 0, 0}), Interpolation::Linear);
  ASSERT_EQ(out.data.size(3), 16);
  for (int64_t j = 0; j <= 14; ++j) EXPECT_FLOAT_EQ(out.data[0][0][0][j].item<float>(), j) << j;
  // Voxel 15 lies on the old grid's outer edge: it takes the nearest edge voxel's value.
  EXPECT_FLOAT_EQ(out.data[0][0][0][15].item<float>(), 14.0f);
}

TEST(ResampleOnto, CubicBSplineReproducesAConstantImage) {
  Geometry g;
  g.spacing = {1.0, 1.0, 2.0};
  const Volume volume{at::full({1, 6, 6, 6}, 7.0f), g};
  const Volume out =
      resample_onto(volume, grid_with_spacing(volume, {0.7, 1.3, 1.0}), Interpolation::BSpline);
  EXPECT_TRUE(at::allclose(out.data, at::full_like(out.data, 7.0f), 1e-4, 1e-4));
}

TEST(ResampleOnto, ALabelResampledToAnIntegerFinerGridAndBackIsUnchanged) {
  const Geometry g = ves_test::oblique_geometry();
  const at::Tensor labels = at::randint(0, 4, {1, 4, 5, 6}, at::kLong);
  const Volume volume{labels, g};
  const Volume fine =
      resample_onto(volume, grid_with_spacing(volume, {0.4, 0.5, 1.0}), Interpolation::Nearest);
  EXPECT_EQ(fine.data.sizes(), (std::vector<int64_t>{1, 12, 15, 12}));
  EXPECT_EQ(fine.data.scalar_type(), at::kLong);
  const Volume back = resample_onto(fine, Grid{g, {6, 5, 4}}, Interpolation::Nearest);
  EXPECT_TRUE(at::equal(back.data, labels));
}

TEST(ParseInterpolation, RejectsAnUnknownName) {
  EXPECT_EQ(parse_interpolation("bspline"), Interpolation::BSpline);
  EXPECT_THROW(parse_interpolation("cubic"), Error);
}

}  // namespace
}  // namespace ves::transforms
