// Importance maps against hand-computed values.
#include "importance_map.hpp"

#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <cmath>

using namespace ves::sliding_window;
using Ints = std::vector<int64_t>;

TEST(GaussianImportance, MatchesTheHandComputedProfile) {
  // n = 5, sigma = 0.125 * 5 = 0.625, centre 2: exp(-((i - 2) / 0.625)^2 / 2).
  const at::Tensor map = gaussian_importance({5}, 0.125);
  ASSERT_EQ(map.sizes(), (Ints{5}));
  EXPECT_FLOAT_EQ(map[2].item<float>(), 1.0f);
  EXPECT_NEAR(map[1].item<float>(), std::exp(-1.28), 1e-6);  // (1 / 0.625)^2 / 2 = 1.28
  EXPECT_NEAR(map[0].item<float>(), std::exp(-5.12), 1e-6);  // 0.00598, above the minimum
  EXPECT_TRUE(at::equal(map, map.flip({0})));
}

TEST(GaussianImportance, IsScaledToOneAndClampedToTheMinimum) {
  // n = 4: sigma 0.5, centre 1.5 -> profile exp(-4.5), exp(-0.5), exp(-0.5), exp(-4.5), divided
  // by exp(-0.5): e^-4, 1, 1, e^-4. With n = 5 as above, corner (0, 0) = 0.00598 * e^-4 = 1.1e-4,
  // below the minimum 1e-3.
  const at::Tensor map = gaussian_importance({5, 4}, 0.125);
  ASSERT_EQ(map.sizes(), (Ints{5, 4}));
  EXPECT_FLOAT_EQ(map.max().item<float>(), 1.0f);
  EXPECT_FLOAT_EQ(map[2][1].item<float>(), 1.0f);
  EXPECT_NEAR(map[2][0].item<float>(), std::exp(-4.0), 1e-6);
  EXPECT_FLOAT_EQ(map[0][0].item<float>(), static_cast<float>(kMinimumImportance));
  EXPECT_TRUE(at::equal(map, map.flip({0, 1})));
  EXPECT_TRUE(at::equal(constant_importance({5, 4}), at::ones({5, 4})));
}
