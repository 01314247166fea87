#include "deep_supervision.hpp"

#include <ATen/ATen.h>
#include <gtest/gtest.h>

namespace ves::losses {
namespace {

TEST(SupervisionLevels, WeighsEachLowerResolutionHalfAsMuchAndSumsToOne) {
  TensorMap outputs{{"seg_logits", {}}, {"seg_logits_ds1", {}}, {"seg_logits_ds2", {}}};
  const auto levels = supervision_levels(outputs, "seg_logits", true);
  ASSERT_EQ(levels.size(), 3u);
  // 1, 1/2, 1/4 normalised by 7/4: 4/7, 2/7, 1/7.
  EXPECT_EQ(levels[2].output, "seg_logits_ds2");
  EXPECT_DOUBLE_EQ(levels[0].weight, 4.0 / 7.0);
  EXPECT_DOUBLE_EQ(levels[1].weight, 2.0 / 7.0);
  EXPECT_DOUBLE_EQ(levels[2].weight, 1.0 / 7.0);
}

TEST(SupervisionLevels, UsesOnlyTheMainOutputWhenDisabledOrAlone) {
  TensorMap outputs{{"seg_logits", {}}, {"seg_logits_ds1", {}}};
  EXPECT_EQ(supervision_levels(outputs, "seg_logits", false).size(), 1u);
  const auto alone = supervision_levels({{"seg_logits", {}}, {"seg_logits_ds2", {}}}, "seg_logits",
                                        true);  // no ds1: the chain stops
  ASSERT_EQ(alone.size(), 1u);
  EXPECT_DOUBLE_EQ(alone[0].weight, 1.0);
}

TEST(ResizeNearest, MatchesTorchNearestInterpolationIn3DAnd2D) {
  const at::Tensor volume = at::arange(5 * 6 * 7, at::kFloat).view({1, 1, 5, 6, 7});
  EXPECT_TRUE(
      at::equal(resize_nearest(volume, {3, 3, 4}), at::upsample_nearest3d(volume, {3, 3, 4})));
  EXPECT_TRUE(
      at::equal(resize_nearest(volume, {2, 6, 3}), at::upsample_nearest3d(volume, {2, 6, 3})));
  const at::Tensor slice = volume.select(2, 0);
  EXPECT_TRUE(at::equal(resize_nearest(slice, {3, 4}), at::upsample_nearest2d(slice, {3, 4})));
}

TEST(ResizeNearest, HalvingKeepsEveryOtherVoxelAndTheDtype) {
  const at::Tensor labels = at::arange(4, at::kLong).view({1, 1, 4});
  EXPECT_TRUE(
      at::equal(resize_nearest(labels, {2}), at::tensor({0, 2}, at::kLong).view({1, 1, 2})));
}

}  // namespace
}  // namespace ves::losses
