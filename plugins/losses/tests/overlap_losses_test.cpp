#include "overlap_losses.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "loss_tensors.hpp"

namespace ves::losses {
namespace {

using test::binary_logits;
using test::binary_target;
using test::tensor_of;
using test::three_class_logits;
using test::three_class_target;
using test::value;

// p = 0.5, 0.75, 0.25, 0.5 (twice), g = 1, 1, 0, 0 (twice): sum(pg) = 2.5, sum(p) = 4,
// sum(g) = 4; Dice = (5 + s) / (8 + s) = 0.625, loss 0.375.
TEST(SoftDice, MatchesTheHandComputedValue) {
  EXPECT_NEAR(value(soft_dice_loss(binary_logits(), binary_target(), {})), 0.375, 1e-5);
}

TEST(SoftDice, IsAboutZeroForAPerfectPrediction) {
  const at::Tensor target = binary_target();
  const at::Tensor logits = (target * 2 - 1) * 30;
  EXPECT_NEAR(value(soft_dice_loss(logits, target, {})), 0.0, 1e-6);
}

TEST(SoftDice, WorksOnTwoDimensionalLogits) {
  // Same voxels as [1, 1, 2, 2] without the z repeat: (2.5 + s) / (4 + s), loss 0.375.
  const at::Tensor logits = binary_logits().select(2, 0);
  const at::Tensor target = binary_target().select(2, 0);
  EXPECT_NEAR(value(soft_dice_loss(logits, target, {})), 0.375, 1e-5);
}

// Sample 1 as above on [1, 1, 2, 2]: sum(pg) = 1.25, sum(p) = 2, sum(g) = 2, Dice 0.625.
// Sample 2: logits 0 (p = 0.5), empty target: Dice = s / (2 + s) ~ 0.
//   per sample: 1 - (0.625 + 0) / 2 = 0.6875
//   batch:      1 - 2 * 1.25 / (4 + 2) = 0.583333
TEST(SoftDice, BatchDiceSumsOverTheBatchInsteadOfAveragingSamples) {
  const at::Tensor logits = at::cat({binary_logits().select(2, 0), at::zeros({1, 1, 2, 2})});
  const at::Tensor target = at::cat({binary_target().select(2, 0), at::zeros({1, 1, 2, 2})});
  DiceOptions per_sample;
  DiceOptions batch;
  batch.batch_dice = true;
  EXPECT_NEAR(value(soft_dice_loss(logits, target, per_sample)), 0.6875, 1e-5);
  EXPECT_NEAR(value(soft_dice_loss(logits, target, batch)), 0.583333, 1e-5);
}

// Voxel a: p (1/3, 1/3, 1/3), class 0; voxel b: p (1/2, 1/4, 1/4), class 2. With smooth 0:
//   class 0: 2 * (1/3) / (5/6 + 1) = 0.363636
//   class 1: 0 / (7/12) = 0
//   class 2: 2 * (1/4) / (7/12 + 1) = 0.315789
TEST(SoftDice, MultiClassAveragesClassesWithOrWithoutBackground) {
  DiceOptions options;
  options.smooth = 0.0;
  // without background: 1 - (0 + 0.315789) / 2 = 0.842105
  EXPECT_NEAR(value(soft_dice_loss(three_class_logits(), three_class_target(), options)), 0.842105,
              1e-5);
  // with background: 1 - (0.363636 + 0 + 0.315789) / 3 = 0.773525
  options.include_background = true;
  EXPECT_NEAR(value(soft_dice_loss(three_class_logits(), three_class_target(), options)), 0.773525,
              1e-5);
}

// p = 0.5, 0.75, 0.25, 0.5 with g = 1, 1, 1, 0 (twice): per [1, 1, 2, 2] half:
//   TP = 1.5, FP = 0.5, FN = 1.5 (doubled for z: ratios unchanged)
//   TI = 1.5 / (1.5 + 0.3 * 0.5 + 0.7 * 1.5) = 1.5 / 2.7 = 0.555556, loss 0.444444
//   focal Tversky: 0.444444^0.75 = 0.544331
TEST(Tversky, WeighsFalseNegativesByBetaAndFalsePositivesByAlpha) {
  const at::Tensor target = tensor_of({1, 1, 1, 0, 1, 1, 1, 0}, {1, 1, 2, 2, 2});
  EXPECT_NEAR(value(tversky_loss(binary_logits(), target, {})), 0.444444, 1e-5);
  EXPECT_NEAR(value(focal_tversky_loss(binary_logits(), target, {}, 0.75)), 0.544331, 1e-5);
  // alpha = beta = 0.5 is Dice: 2 * 3 / (2 * 3 + 1 + 3) = 0.6, loss 0.4
  TverskyOptions dice_like;
  dice_like.alpha = dice_like.beta = 0.5;
  EXPECT_NEAR(value(tversky_loss(binary_logits(), target, dice_like)), 0.4, 1e-5);
}

TEST(Tversky, FocalTverskyHasFiniteGradientsAtAPerfectPrediction) {
  const at::Tensor target = binary_target();
  const at::Tensor logits = ((target * 2 - 1) * 200).requires_grad_();
  const at::Tensor loss = focal_tversky_loss(logits, target, {}, 0.75);
  loss.backward();
  EXPECT_NEAR(value(loss), 0.0, 1e-6);
  EXPECT_TRUE(at::isfinite(logits.grad()).all().item<bool>());
}

}  // namespace
}  // namespace ves::losses
