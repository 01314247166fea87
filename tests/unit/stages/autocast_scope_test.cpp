// bf16 autocast: on inside the scope, the previous state back after it.
#include "autocast_scope.hpp"

#include <ATen/ATen.h>
#include <gtest/gtest.h>

using ves::stages::AutocastScope;

namespace {
at::Tensor conv_output() {
  return at::conv3d(at::ones({1, 2, 4, 4, 4}), at::ones({3, 2, 3, 3, 3}));
}
}  // namespace

TEST(AutocastScope, RunsConvolutionsInBfloat16OnlyWhileItLives) {
  ASSERT_FALSE(at::autocast::is_cpu_enabled());
  {
    AutocastScope scope(at::kCPU, /*enabled=*/true);
    EXPECT_TRUE(at::autocast::is_cpu_enabled());
    const at::Tensor out = conv_output();
    EXPECT_EQ(out.scalar_type(), at::kBFloat16);
    // 2 channels x 27 taps of 1 x 1 = 54, exact in bfloat16.
    EXPECT_FLOAT_EQ(out.flatten()[0].item<float>(), 54.0f);
  }
  EXPECT_FALSE(at::autocast::is_cpu_enabled());
  EXPECT_EQ(conv_output().scalar_type(), at::kFloat);
}

TEST(AutocastScope, DisabledLeavesFloat32) {
  AutocastScope scope(at::kCPU, /*enabled=*/false);
  EXPECT_FALSE(at::autocast::is_cpu_enabled());
  EXPECT_EQ(conv_output().scalar_type(), at::kFloat);
}

TEST(HasNativeBf16, IsTrueForAGpuWhateverTheCpu) {
  EXPECT_TRUE(ves::stages::has_native_bf16(c10::Device(c10::kCUDA, 0)));
}
