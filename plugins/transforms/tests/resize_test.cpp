#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include "resize.hpp"
#include "test_volumes.hpp"

namespace ves::transforms {
namespace {

TEST(PlanResize, KeepsTheAspectAndCentresThePaddingOnTheShortAxis) {
  const Volume slice{at::zeros({1, 50, 100}), {}};  // y 50, x 100
  const ResizePlan plan = plan_resize(slice, {256, 256, 0}, true);
  EXPECT_EQ(plan.scaled[0], 256);
  EXPECT_EQ(plan.scaled[1], 128);
  EXPECT_EQ(plan.box.start[0], 0);
  EXPECT_EQ(plan.box.start[1], -64);
  EXPECT_EQ(plan.box.size[0], 256);
  EXPECT_EQ(plan.box.size[1], 256);
}

TEST(PlanResize, WithoutKeepingAspectScalesEachAxisToItsSize) {
  const Volume volume{at::zeros({1, 10, 50, 100}), {}};
  const ResizePlan plan = plan_resize(volume, {64, 32, 0}, false);
  EXPECT_EQ(plan.scaled, (std::array<int64_t, 3>{64, 32, 10}));
  EXPECT_EQ(plan.box.start, (std::array<int64_t, 3>{0, 0, 0}));
}

TEST(ScaleTo, KeepsThePhysicalExtentOfTheGrid) {
  Geometry g;
  g.spacing = {1.0, 2.0, 1.0};
  const Volume slice{at::zeros({1, 3, 4}), g};
  const Volume out = scale_to(slice, {8, 6, 1}, false);
  EXPECT_DOUBLE_EQ(out.geometry.spacing[0], 0.5);
  EXPECT_DOUBLE_EQ(out.geometry.spacing[1], 1.0);
  // The first voxel's outer edge stays at -half an old voxel: -0.5 mm in x, -1 mm in y.
  EXPECT_DOUBLE_EQ(out.geometry.origin[0] - 0.25, -0.5);
  EXPECT_DOUBLE_EQ(out.geometry.origin[1] - 0.5, -1.0);
}

TEST(ScaleTo, NearestRepeatsLabelsAndKeepsTheirType) {
  const Volume labels{at::tensor({1, 2}, at::kLong).view({1, 1, 2}), {}};
  const Volume out = scale_to(labels, {4, 1, 1}, true);
  EXPECT_EQ(out.data.scalar_type(), at::kLong);
  EXPECT_TRUE(at::equal(out.data.flatten(), at::tensor({1, 1, 2, 2}, at::kLong)));
}

TEST(ScaleTo, LinearInterpolatesThreeDimensionalVolumesBetweenCentres) {
  const Volume ramp{at::tensor(std::vector<float>{0.f, 4.f}).view({1, 1, 1, 2}), {}};
  const Volume out = scale_to(ramp, {4, 1, 1}, false);
  // New centres at old indices -0.25 (clamped), 0.25, 0.75, 1.25 (clamped).
  EXPECT_TRUE(at::allclose(out.data.flatten(), at::tensor(std::vector<float>{0.f, 1.f, 3.f, 4.f})));
}

}  // namespace
}  // namespace ves::transforms
