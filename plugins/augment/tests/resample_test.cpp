// The resampler alone: exact shortcuts, rotations against at::rot90, slabs, dtypes.
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <gtest/gtest.h>

#include "resample.hpp"

using ves_augment::Interpolation;
using ves_augment::Padding;
using ves_augment::resample;
using ves_augment::VoxelMap;

namespace {

// A map rotating content by +90 degrees about z: the output at (x, y) reads the input at
// (y, -x), both measured from the grid's middle.
VoxelMap quarter_turn_about_z() {
  VoxelMap m;
  m.matrix = {0, 1, 0, -1, 0, 0, 0, 0, 1};
  return m;
}

at::Tensor asymmetric_volume() {
  return at::arange(2 * 3 * 6 * 6, at::kFloat).view({2, 3, 6, 6}).pow(1.3);
}

}  // namespace

TEST(Resample, IdentityMapReturnsTheInputValues) {
  const auto x = asymmetric_volume();
  EXPECT_TRUE(
      at::equal(resample(x, VoxelMap{}, {3, 6, 6}, Interpolation::Linear, Padding::Zeros), x));
}

TEST(Resample, QuarterTurnAboutZEqualsRot90OfImageAndLabel) {
  const auto x = asymmetric_volume();
  const auto turned = resample(x, quarter_turn_about_z(), {3, 6, 6}, Interpolation::Linear,
                               Padding::Border);  // border: no exact shortcut, real sampling
  // +90 degrees about z turns +x into +y: in [.., Y, X] that is rot90 from X towards Y.
  EXPECT_TRUE(at::allclose(turned, at::rot90(x, 1, {3, 2}), 1e-5, 1e-4));

  const auto label = (at::arange(3 * 6 * 6).view({1, 3, 6, 6}) % 5).to(at::kLong);
  const auto label_turned =
      resample(label, quarter_turn_about_z(), {3, 6, 6}, Interpolation::Nearest, Padding::Zeros);
  EXPECT_EQ(label_turned.scalar_type(), at::kLong);
  EXPECT_TRUE(at::equal(label_turned, at::rot90(label, 1, {3, 2})));
}

TEST(Resample, QuarterTurnOf2DSliceEqualsRot90) {
  const auto x = at::rand({1, 8, 8});
  const auto turned =
      resample(x, quarter_turn_about_z(), {8, 8}, Interpolation::Linear, Padding::Border);
  EXPECT_TRUE(at::allclose(turned, at::rot90(x, 1, {2, 1}), 1e-5, 1e-5));
}

TEST(Resample, FlipMapIsExactlyAtFlip) {
  const auto x = asymmetric_volume();
  VoxelMap m;
  m.matrix = {-1, 0, 0, 0, 1, 0, 0, 0, -1};
  EXPECT_TRUE(at::equal(resample(x, m, {3, 6, 6}, Interpolation::Linear, Padding::Zeros),
                        at::flip(x, {3, 1})));
}

TEST(Resample, IntegerShiftMovesContentAndPadsWithZeros) {
  const auto x = asymmetric_volume();
  VoxelMap m;
  m.offset = {-2, 0, 0};  // output x reads input x - 2: content moves 2 voxels towards +x
  const auto out = resample(x, m, {3, 6, 6}, Interpolation::Linear, Padding::Zeros);
  EXPECT_TRUE(at::equal(out.narrow(3, 2, 4), x.narrow(3, 0, 4)));
  EXPECT_EQ(out.narrow(3, 0, 2).abs().sum().item<float>(), 0.0f);
}

TEST(Resample, SmallerOutputIsTheCentredCrop) {
  const auto x = asymmetric_volume();
  const auto out = resample(x, VoxelMap{}, {1, 4, 2}, Interpolation::Linear, Padding::Zeros);
  EXPECT_TRUE(at::equal(out, x.narrow(1, 1, 1).narrow(2, 1, 4).narrow(3, 2, 2)));
}

TEST(Resample, HalfVoxelCropInterpolatesBetweenNeighbours) {
  const auto x = at::arange(4, at::kFloat).view({1, 1, 1, 4});
  const auto out = resample(x, VoxelMap{}, {1, 1, 3}, Interpolation::Linear, Padding::Border);
  EXPECT_TRUE(at::allclose(out.flatten(), at::tensor({0.5f, 1.5f, 2.5f})));
}

TEST(Resample, SlabsAcrossThreadsGiveTheSingleThreadResult) {
  const auto x = at::rand({2, 13, 9, 7});
  VoxelMap m;
  m.matrix = {0.9, 0.2, 0.0, -0.2, 0.9, 0.1, 0.0, -0.1, 1.1};
  m.offset = {0.3, -1.2, 0.7};
  const int threads = at::get_num_threads();
  at::set_num_threads(1);
  const auto one = resample(x, m, {11, 9, 8}, Interpolation::Linear, Padding::Zeros);
  at::set_num_threads(3);
  const auto three = resample(x, m, {11, 9, 8}, Interpolation::Linear, Padding::Zeros);
  at::set_num_threads(threads);
  EXPECT_EQ(three.sizes(), one.sizes());
  EXPECT_TRUE(at::allclose(one, three, 0, 1e-6));
}

TEST(Resample, BorderPaddingRepeatsTheEdgeAndZerosPaddingFillsZero) {
  const auto x = at::full({1, 4, 4}, 3.0f);
  VoxelMap m;
  m.offset = {10.5, 0, 0};  // far outside along x
  EXPECT_TRUE(at::allclose(resample(x, m, {4, 4}, Interpolation::Linear, Padding::Border), x));
  EXPECT_EQ(resample(x, m, {4, 4}, Interpolation::Linear, Padding::Zeros).abs().sum().item<float>(),
            0.0f);
}

TEST(Resample, SamplingGridPutsVoxelCentresAtGridSamplerCoordinates) {
  const auto grid = ves_augment::sampling_grid(VoxelMap{}, {4, 2}, {4, 2}, 4, at::kDouble);
  // align_corners = false: voxel i of N sits at (2 i + 1) / N - 1.
  EXPECT_NEAR(grid[0][0][0].item<double>(), -0.5, 1e-12);   // x of voxel (0, 0)
  EXPECT_NEAR(grid[0][0][1].item<double>(), -0.75, 1e-12);  // y of voxel (0, 0)
  EXPECT_NEAR(grid[3][1][1].item<double>(), 0.75, 1e-12);
}
