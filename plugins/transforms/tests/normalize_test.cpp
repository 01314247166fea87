#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <cmath>

#include "normalize.hpp"
#include "windows.hpp"

namespace ves::transforms {
namespace {

float at_x(const at::Tensor& t, int64_t c, int64_t x) {
  return t[c][0][0][x].item<float>();
}

TEST(Normalize, ClipsToPercentilesThenZScoresTheNonzeroVoxelsAndKeepsZerosAtZero) {
  // Inside the mask: 1..10; two background zeros.
  const at::Tensor data =
      at::tensor(std::vector<float>{0.f, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0}).view({1, 1, 1, 12});
  NormalizeOptions options;
  options.lower = 10;  // position 0.9 -> 1.9
  options.upper = 90;  // position 8.1 -> 9.1
  const at::Tensor out = normalize_channels(data, options);
  // Clipped: 1.9, 2..9, 9.1; mean 5.5; population variance
  // (2 * 3.6^2 + 2 * (3.5^2 + 2.5^2 + 1.5^2 + 0.5^2)) / 10 = 6.792.
  const double stddev = std::sqrt(6.792);
  EXPECT_NEAR(at_x(out, 0, 1), (1.9 - 5.5) / stddev, 1e-5);
  EXPECT_NEAR(at_x(out, 0, 2), (2.0 - 5.5) / stddev, 1e-5);
  EXPECT_NEAR(at_x(out, 0, 6), (6.0 - 5.5) / stddev, 1e-5);
  EXPECT_NEAR(at_x(out, 0, 10), (9.1 - 5.5) / stddev, 1e-5);
  EXPECT_EQ(at_x(out, 0, 0), 0.0f);
  EXPECT_EQ(at_x(out, 0, 11), 0.0f);
  EXPECT_EQ(out.scalar_type(), at::kFloat);
}

TEST(Normalize, DefaultPercentilesClipOnlyTheExtremes) {
  const at::Tensor data =
      at::tensor(std::vector<float>{1.f, 2, 3, 4, 5, 6, 7, 8, 9, 10}).view({1, 1, 1, 10});
  const at::Tensor out = normalize_channels(data, NormalizeOptions{});
  // 0.5th percentile: position 0.045 -> 1.045; 99.5th: position 8.955 -> 9.955; mean stays 5.5.
  std::vector<double> clipped{1.045, 2, 3, 4, 5, 6, 7, 8, 9, 9.955};
  double var = 0;
  for (double v : clipped) var += (v - 5.5) * (v - 5.5) / 10;
  EXPECT_NEAR(at_x(out, 0, 0), (1.045 - 5.5) / std::sqrt(var), 1e-5);
  EXPECT_NEAR(at_x(out, 0, 9), (9.955 - 5.5) / std::sqrt(var), 1e-5);
}

TEST(Normalize, TheMaskIsTheVoxelsNonzeroInAnyChannel) {
  const at::Tensor data =
      at::tensor(std::vector<float>{0.f, 1, 2, 3, 0, 0, 5, 7}).view({2, 1, 1, 4});
  NormalizeOptions options;
  options.mode = NormalizeMode::ZScore;
  const at::Tensor out = normalize_channels(data, options);
  // Channel 1 over voxels 1..3 = {0, 5, 7}: mean 4, variance (16 + 1 + 9) / 3.
  const double stddev = std::sqrt(26.0 / 3.0);
  EXPECT_NEAR(at_x(out, 1, 1), -4.0 / stddev, 1e-5);
  EXPECT_NEAR(at_x(out, 1, 3), 3.0 / stddev, 1e-5);
  EXPECT_EQ(at_x(out, 1, 0), 0.0f);
  // Channel 0 over {1, 2, 3}: mean 2, variance 2/3.
  EXPECT_NEAR(at_x(out, 0, 3), 1.0 / std::sqrt(2.0 / 3.0), 1e-5);
}

TEST(Normalize, MinMaxScalesTheClippedRangeToZeroOne) {
  const at::Tensor data = at::tensor(std::vector<float>{0.f, 2, 4, 6}).view({1, 1, 1, 4});
  NormalizeOptions options;
  options.mode = NormalizeMode::MinMax;
  options.lower = 0;
  options.upper = 100;
  const at::Tensor out = normalize_channels(data, options);
  EXPECT_TRUE(at::allclose(out.flatten(), at::tensor(std::vector<float>{0.f, 0.f, 0.5f, 1.f})));
}

TEST(Normalize, WithoutTheNonzeroMaskEveryVoxelCounts) {
  const at::Tensor data = at::tensor(std::vector<float>{0.f, 2, 4, 6}).view({1, 1, 1, 4});
  NormalizeOptions options;
  options.mode = NormalizeMode::ZScore;
  options.nonzero = false;
  const at::Tensor out = normalize_channels(data, options);
  const double stddev = std::sqrt(5.0);  // mean 3, variance (9 + 1 + 1 + 9) / 4
  EXPECT_NEAR(at_x(out, 0, 0), -3.0 / stddev, 1e-5);
}

TEST(Normalize, AnEmptyChannelStaysZero) {
  const at::Tensor out = normalize_channels(at::zeros({1, 2, 2, 2}), NormalizeOptions{});
  EXPECT_EQ(out.abs().sum().item<float>(), 0.0f);
}

TEST(Windows, GiveOneZeroToOneChannelPerWindow) {
  const at::Tensor hu = at::tensor(std::vector<float>{-1000.f, 0, 250, 2000}).view({1, 1, 1, 4});
  const at::Tensor out = apply_windows(hu, {{0, 1800}, {-200, 300}, {200, 1200}});
  ASSERT_EQ(out.sizes(), (std::vector<int64_t>{3, 1, 1, 4}));
  EXPECT_TRUE(
      at::allclose(out[0].flatten(), at::tensor(std::vector<float>{0.f, 0.f, 250.f / 1800, 1.f})));
  EXPECT_TRUE(at::allclose(out[1].flatten(), at::tensor(std::vector<float>{0.f, 0.4f, 0.9f, 1.f})));
  EXPECT_TRUE(at::allclose(out[2].flatten(), at::tensor(std::vector<float>{0.f, 0.f, 0.05f, 1.f})));
}

}  // namespace
}  // namespace ves::transforms
