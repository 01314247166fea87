// shape_text: tensor shapes in error messages.
#include "ves/core/shape_text.hpp"

#include <ATen/ATen.h>
#include <gtest/gtest.h>

TEST(ShapeText, WritesSizesInBracketsAndNamesUndefinedTensors) {
  EXPECT_EQ(ves::shape_text(at::zeros({2, 1, 8, 8})), "[2, 1, 8, 8]");
  EXPECT_EQ(ves::shape_text(at::scalar_tensor(1.0)), "[]");
  EXPECT_EQ(ves::shape_text(at::Tensor()), "undefined");
  EXPECT_EQ(ves::shape_text(std::vector<int64_t>{32, 64}), "[32, 64]");
}
