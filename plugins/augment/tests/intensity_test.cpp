// Intensity maths: each op against numbers computed by hand or by statistics.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <cmath>

#include "blur.hpp"
#include "intensity.hpp"

TEST(Multiply, ScalesAllChannelsOrEachChannelByItsFactor) {
  const auto x = at::ones({2, 3, 4, 5});
  EXPECT_TRUE(at::allclose(ves_augment::multiply(x, {1.5}), at::full({2, 3, 4, 5}, 1.5f)));
  const auto per = ves_augment::multiply(x, {2.0, 3.0});
  EXPECT_FLOAT_EQ(per[0].max().item<float>(), 2.0f);
  EXPECT_FLOAT_EQ(per[1].min().item<float>(), 3.0f);
}

TEST(Add, ShiftsIntensitiesAndTurnsIntegersIntoFloats) {
  const auto out = ves_augment::add(at::zeros({1, 2, 2}, at::kInt), {0.25});
  EXPECT_EQ(out.scalar_type(), at::kFloat);
  EXPECT_FLOAT_EQ(out.max().item<float>(), 0.25f);
}

TEST(AdjustContrast, ScalesAboutTheMeanWhichStaysPut) {
  const auto x = at::rand({1, 8, 8, 8});
  const auto out = ves_augment::adjust_contrast(x, {1.5}, {0.0}, false);
  EXPECT_NEAR(out.mean().item<double>(), x.mean().item<double>(), 1e-5);
  EXPECT_NEAR(out.std().item<double>(), 1.5 * x.std().item<double>(), 1e-4);
  const auto m = x.mean().item<float>();
  EXPECT_NEAR(out[0][1][2][3].item<float>(), (x[0][1][2][3].item<float>() - m) * 1.5f + m, 1e-5);
}

TEST(AdjustContrast, PreservedRangeClipsToTheInputMinAndMax) {
  const auto x = at::rand({2, 6, 6, 6});
  const auto out = ves_augment::adjust_contrast(x, {2.0, 3.0}, {0.1, -0.1}, true);
  for (int c = 0; c < 2; ++c) {
    EXPECT_GE(out[c].min().item<float>(), x[c].min().item<float>());
    EXPECT_LE(out[c].max().item<float>(), x[c].max().item<float>());
  }
}

TEST(AdjustGamma, GammaOneIsTheIdentity) {
  const auto x = at::randn({2, 5, 6, 7}) * 100 + 40;
  EXPECT_TRUE(at::allclose(ves_augment::adjust_gamma(x, {1.0}), x));
  EXPECT_TRUE(at::allclose(ves_augment::adjust_gamma(x, {1.0, 1.0}), x));
}

TEST(AdjustGamma, WorksOnNormalisedValuesAndRestoresTheRange) {
  const auto x = at::tensor({-10.0f, 0.0f, 10.0f}).view({1, 1, 3});
  const auto out = ves_augment::adjust_gamma(x, {2.0});
  // u = 0, 0.5, 1 -> 0, 0.25, 1 -> -10, -5, 10
  EXPECT_TRUE(at::allclose(out.flatten(), at::tensor({-10.0f, -5.0f, 10.0f})));
}

TEST(AdjustGamma, LeavesAConstantChannelUnchanged) {
  const auto x = at::cat({at::full({1, 3, 3}, 7.0f), at::rand({1, 3, 3})});
  const auto out = ves_augment::adjust_gamma(x, {0.5, 2.0});
  EXPECT_TRUE(at::equal(out[0], x[0]));
  EXPECT_FALSE(at::isnan(out).any().item<bool>());
}

TEST(AddGaussianNoise, MeasuredStdMatchesTheRequestedStd) {
  const auto x = at::full({2, 32, 32, 32}, 5.0f);
  const auto out =
      ves_augment::add_gaussian_noise(x, {0.2, 0.05}, at::make_generator<at::CPUGeneratorImpl>(11));
  const auto noise = out - x;
  EXPECT_NEAR(noise[0].std().item<double>(), 0.2, 0.004);
  EXPECT_NEAR(noise[1].std().item<double>(), 0.05, 0.001);
  EXPECT_NEAR(noise.mean().item<double>(), 0.0, 0.003);
}

TEST(AddGaussianNoise, SameGeneratorSeedGivesTheSameNoise) {
  const auto x = at::zeros({1, 8, 8});
  const auto a =
      ves_augment::add_gaussian_noise(x, {1.0}, at::make_generator<at::CPUGeneratorImpl>(3));
  const auto b =
      ves_augment::add_gaussian_noise(x, {1.0}, at::make_generator<at::CPUGeneratorImpl>(3));
  const auto c =
      ves_augment::add_gaussian_noise(x, {1.0}, at::make_generator<at::CPUGeneratorImpl>(4));
  EXPECT_TRUE(at::equal(a, b));
  EXPECT_FALSE(at::equal(a, c));
}

TEST(GaussianKernel, MatchesScipyWeights) {
  // scipy.ndimage._gaussian_kernel1d(1.0, 0, 3): radius int(3 * 1 + 0.5) = 3.
  const auto w = ves_augment::gaussian_kernel(1.0, 3.0);
  ASSERT_EQ(w.size(), 7u);
  EXPECT_NEAR(w[3], 0.39905028, 1e-7);
  EXPECT_NEAR(w[2], 0.24203623, 1e-7);
  EXPECT_NEAR(w[0], 0.00443305, 1e-7);
}

TEST(GaussianBlur, PreservesTheMean) {
  const auto x = at::rand({2, 10, 12, 14}) * 3;
  const auto out = ves_augment::gaussian_blur(x, {{1.5, 0.7, 2.5}});
  EXPECT_NEAR(out.mean().item<double>(), x.mean().item<double>(), 1e-5);
  EXPECT_LT(out.std().item<double>(), 0.7 * x.std().item<double>());
}

TEST(GaussianBlur, SpreadsAPointIntoTheKernelAlongEachAxis) {
  auto x = at::zeros({1, 9, 9, 9});
  x[0][4][4][4] = 1.0f;
  const auto out = ves_augment::gaussian_blur(x, {{1.0, 1.0, 1.0}});
  const auto w = ves_augment::gaussian_kernel(1.0, 3.0);
  EXPECT_NEAR(out[0][4][4][4].item<double>(), w[3] * w[3] * w[3], 1e-6);
  EXPECT_NEAR(out[0][4][4][5].item<double>(), w[3] * w[3] * w[4], 1e-6);
  EXPECT_NEAR(out[0][2][4][4].item<double>(), w[1] * w[3] * w[3], 1e-6);
  EXPECT_NEAR(out.sum().item<double>(), 1.0, 1e-5);
}

TEST(GaussianBlur, BlursEachChannelWithItsOwnSigmaAnd2DSlicesToo) {
  const auto x = at::rand({2, 16, 16});
  const auto out = ves_augment::gaussian_blur(x, {{0.0, 0.0, 0.0}, {2.0, 2.0, 0.0}});
  EXPECT_TRUE(at::equal(out[0], x[0]));
  EXPECT_LT(out[1].std().item<double>(), 0.6 * x[1].std().item<double>());
  EXPECT_NEAR(out[1].mean().item<double>(), x[1].mean().item<double>(), 1e-5);
}

TEST(ReusesMemory, WhenTheCallerHandsOverTheOnlyReference) {
  at::Tensor x = at::rand({2, 8, 8, 8});
  const void* memory = x.data_ptr();
  x = ves_augment::multiply(std::move(x), {2.0});
  x = ves_augment::add(std::move(x), {1.0, -1.0});
  x = ves_augment::adjust_gamma(std::move(x), {1.3});
  x = ves_augment::adjust_contrast(std::move(x), {1.1}, {0.1}, true);
  EXPECT_EQ(x.data_ptr(), memory);
  // Two blurred axes ping-pong through one spare buffer and end back in x's memory.
  x = ves_augment::gaussian_blur(std::move(x), {{1.0, 0.0, 1.0}});
  EXPECT_EQ(x.data_ptr(), memory);
}

TEST(ReusesMemory, NeverWhenTheInputIsSharedOrBorrowed) {
  const auto x = at::rand({1, 6, 6, 6});
  const auto before = x.clone();
  at::Tensor copy = x;  // a second handle: must not be overwritten through the first
  ves_augment::multiply(std::move(copy), {3.0});
  ves_augment::adjust_gamma(x, {2.0});
  ves_augment::gaussian_blur(x, {{1.0, 1.0, 1.0}});
  EXPECT_TRUE(at::equal(x, before));

  std::vector<float> buffer(64, 1.0f);  // e.g. an ITK image's pixels shared with a tensor
  at::Tensor borrowed = at::from_blob(buffer.data(), {1, 4, 4, 4});
  EXPECT_FALSE(ves_augment::is_reusable(borrowed));
  ves_augment::add(std::move(borrowed), {5.0});
  EXPECT_EQ(buffer[0], 1.0f);
}
