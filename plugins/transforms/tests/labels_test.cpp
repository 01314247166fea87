#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include "labels.hpp"

namespace ves::transforms {
namespace {

const at::Tensor kLabels = at::tensor({0, 1, 2, 3, 4}, at::kLong);

TEST(RemapValues, ReplacesMappedValuesAndKeepsTheRest) {
  EXPECT_TRUE(at::equal(remap_values(kLabels, {{2, 1}, {3, 0}}, std::nullopt),
                        at::tensor({0, 1, 1, 0, 4}, at::kLong)));
}

TEST(RemapValues, SetsUnmappedValuesToTheDefault) {
  EXPECT_TRUE(at::equal(remap_values(kLabels, {{2, 1}, {3, 0}}, 0.0),
                        at::tensor({0, 0, 1, 0, 0}, at::kLong)));
}

TEST(RemapValues, SwapsClassesReadingOnlyTheInput) {
  EXPECT_TRUE(at::equal(remap_values(kLabels, {{1, 2}, {2, 1}}, std::nullopt),
                        at::tensor({0, 2, 1, 3, 4}, at::kLong)));
}

TEST(ThresholdMask, IsOneFromTheThresholdUp) {
  const at::Tensor mask = threshold_mask(at::tensor({0.2f, 0.5f, 0.7f}), 0.5, at::kByte);
  EXPECT_EQ(mask.scalar_type(), at::kByte);
  EXPECT_TRUE(at::equal(mask, at::tensor({0, 1, 1}, at::kByte)));
}

}  // namespace
}  // namespace ves::transforms
