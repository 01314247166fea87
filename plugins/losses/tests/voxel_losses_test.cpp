#include "voxel_losses.hpp"

#include <gtest/gtest.h>

#include "loss_tensors.hpp"

namespace ves::losses {
namespace {

using test::binary_logits;
using test::binary_target;
using test::tensor_of;
using test::three_class_logits;
using test::three_class_target;
using test::value;

// Binary voxels: p = 0.5, 0.75, 0.25, 0.5 and y = 1, 1, 0, 0. With pos_weight 2:
//   -2 ln 0.5 = 1.386294, -2 ln 0.75 = 0.575364, -ln 0.75 = 0.287682, -ln 0.5 = 0.693147.
TEST(BinaryCrossEntropy, WeighsPositiveVoxelsByPosWeight) {
  // (1.386294 + 0.575364 + 0.287682 + 0.693147) / 4 = 0.735622
  EXPECT_NEAR(value(binary_cross_entropy(binary_logits(), binary_target(), 2.0, 1.0)), 0.735622,
              1e-5);
  // pos_weight 1: (ln 2 + ln 4/3 + ln 4/3 + ln 2) / 4 = (0.693147 + 0.287682) / 2 = 0.490415
  EXPECT_NEAR(value(binary_cross_entropy(binary_logits(), binary_target(), 1.0, 1.0)), 0.490415,
              1e-5);
}

TEST(BinaryCrossEntropy, TopKAveragesOnlyTheHardestVoxels) {
  // 8 voxels, top_k 0.5 keeps 4: twice 1.386294 and twice 0.693147 -> 1.039721.
  EXPECT_NEAR(value(binary_cross_entropy(binary_logits(), binary_target(), 2.0, 0.5)), 1.039721,
              1e-5);
  // top_k 0.25 keeps the two 1.386294.
  EXPECT_NEAR(value(binary_cross_entropy(binary_logits(), binary_target(), 2.0, 0.25)), 1.386294,
              1e-5);
}

TEST(MeanOfLargest, KeepsAtLeastOneValueAndRoundsTheCountDown) {
  const at::Tensor v = tensor_of({1, 5, 3, 2, 4, 0, 9, 7, 6, 8}, {10});
  EXPECT_FLOAT_EQ(value(mean_of_largest(v, 1.0)), 4.5f);
  EXPECT_FLOAT_EQ(value(mean_of_largest(v, 0.3)), 8.0f);   // 9, 8, 7
  EXPECT_FLOAT_EQ(value(mean_of_largest(v, 0.01)), 9.0f);  // 0.1 voxels -> 1
  EXPECT_FLOAT_EQ(value(mean_of_largest(v, 0.25)), 8.5f);  // 2.5 -> 2: 9, 8
}

// Three classes, voxel a (1/3, 1/3, 1/3) class 0, voxel b (1/2, 1/4, 1/4) class 2:
//   -ln 1/3 = 1.098612, -ln 1/4 = 1.386294.
TEST(CrossEntropy, AveragesTheNegativeLogProbabilityOfTheTrueClass) {
  // (1.098612 + 1.386294) / 2 = 1.242453
  EXPECT_NEAR(value(cross_entropy(three_class_logits(), three_class_target(), {}, 1.0)), 1.242453,
              1e-5);
  // top_k 0.5: 1.386294
  EXPECT_NEAR(value(cross_entropy(three_class_logits(), three_class_target(), {}, 0.5)), 1.386294,
              1e-5);
}

TEST(CrossEntropy, ClassWeightsNormaliseByTheSummedWeightsLikeTorch) {
  // weights (1, 1, 3): (1.098612 + 3 * 1.386294) / (1 + 3) = 1.314374
  EXPECT_NEAR(value(cross_entropy(three_class_logits(), three_class_target(), {1, 1, 3}, 1.0)),
              1.314374, 1e-5);
  // top_k 0.5 takes the plain mean of the largest weighted loss: 3 * 1.386294 = 4.158883
  EXPECT_NEAR(value(cross_entropy(three_class_logits(), three_class_target(), {1, 1, 3}, 0.5)),
              4.158883, 1e-5);
}

// Binary focal, gamma 2, alpha 0.25: p_t = 0.5, 0.75, 0.75, 0.5; alpha_t = .25, .25, .75, .75:
//   .25 * .25 * ln 2 = 0.043322, .25 * .0625 * ln 4/3 = 0.004495,
//   .75 * .0625 * ln 4/3 = 0.013485, .75 * .25 * ln 2 = 0.129965; mean 0.047817.
TEST(FocalLoss, BinaryMatchesTheHandComputedValue) {
  EXPECT_NEAR(value(focal_loss(binary_logits(), binary_target(), 2.0, 0.25)), 0.047817, 1e-6);
  // gamma 0, no alpha: plain BCE, 0.490415
  EXPECT_NEAR(value(focal_loss(binary_logits(), binary_target(), 0.0, -1.0)), 0.490415, 1e-5);
}

// Multi-class focal, gamma 2, alpha 0.25 (background 0.75, others 0.25):
//   voxel a: .75 * (2/3)^2 * 1.098612 = 0.366204; voxel b: .25 * .75^2 * 1.386294 = 0.194948;
//   mean 0.280576.
TEST(FocalLoss, MultiClassWeighsBackgroundByOneMinusAlpha) {
  EXPECT_NEAR(value(focal_loss(three_class_logits(), three_class_target(), 2.0, 0.25)), 0.280576,
              1e-5);
  EXPECT_NEAR(value(focal_loss(three_class_logits(), three_class_target(), 0.0, -1.0)), 1.242453,
              1e-5);
}

TEST(FocalLoss, GradientsStayFiniteForSaturatedLogitsAndGammaBelowOne) {
  const at::Tensor logits = tensor_of({40, -40, 40, -40}, {1, 1, 1, 2, 2}).requires_grad_();
  const at::Tensor target = tensor_of({1, 0, 1, 0}, {1, 1, 1, 2, 2});
  focal_loss(logits, target, 0.5, 0.25).backward();
  EXPECT_TRUE(at::isfinite(logits.grad()).all().item<bool>());
}

}  // namespace
}  // namespace ves::losses
