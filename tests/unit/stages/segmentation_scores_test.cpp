// Validation Dice and masks from probabilities, against hand-counted voxels.
#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include "segmentation_scores.hpp"

namespace ves::stages {
namespace {

TEST(SegmentationScores, ThresholdsOneChannelAndArgmaxesSeveral) {
  const at::Tensor prob = at::tensor({0.2f, 0.5f, 0.7f, 0.49f}).reshape({1, 1, 2, 2});
  const at::Tensor mask = prediction_mask(prob, 0.5);
  EXPECT_EQ(mask.scalar_type(), at::kByte);
  EXPECT_TRUE(mask.equal(at::tensor({0, 1, 1, 0}, at::kByte).reshape({1, 1, 2, 2})));
  // Three classes over two voxels: voxel 0 -> class 2, voxel 1 -> class 0.
  const at::Tensor multi = at::tensor({0.1f, 0.6f, 0.2f, 0.3f, 0.7f, 0.1f}).reshape({3, 1, 1, 2});
  EXPECT_TRUE(
      prediction_mask(multi, 0.5).equal(at::tensor({2, 0}, at::kByte).reshape({1, 1, 1, 2})));
}

TEST(SegmentationScores, DiceCountsVoxels) {
  // prediction {1,1,0,0}, reference {1,0,1,0}: overlap 1, sizes 2 + 2 -> 2*1/4 = 0.5.
  const at::Tensor p = at::tensor({1, 1, 0, 0}, at::kByte).reshape({1, 1, 2, 2});
  const at::Tensor r = at::tensor({1.f, 0.f, 1.f, 0.f}).reshape({1, 1, 2, 2});
  EXPECT_DOUBLE_EQ(mean_dice(p, r), 0.5);
  // Both empty: a correct "no lesion" answer scores 1; one empty scores 0.
  const at::Tensor empty = at::zeros({1, 1, 2, 2});
  EXPECT_DOUBLE_EQ(mean_dice(empty, empty), 1.0);
  EXPECT_DOUBLE_EQ(mean_dice(p, empty), 0.0);
  // Two labels: label 1 Dice 2*1/(1+2) = 2/3, label 2 Dice 1 -> mean 5/6.
  const at::Tensor p2 = at::tensor({1, 0, 2, 0}, at::kByte).reshape({1, 1, 2, 2});
  const at::Tensor r2 = at::tensor({1, 1, 2, 0}, at::kByte).reshape({1, 1, 2, 2});
  EXPECT_NEAR(mean_dice(p2, r2), 5.0 / 6.0, 1e-12);
}

}  // namespace
}  // namespace ves::stages
