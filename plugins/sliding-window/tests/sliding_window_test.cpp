// The sliding-window pass with predictors given as functions.
#include "sliding_window.hpp"

#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <cmath>

#include "ves/core/error.hpp"

using namespace ves::sliding_window;
using Ints = std::vector<int64_t>;

namespace {

at::Tensor ramp(const Ints& shape) {
  int64_t count = 1;
  for (int64_t n : shape) count *= n;
  return at::arange(count, at::kFloat).reshape(shape) * 0.5 - 3.0;
}

}  // namespace

TEST(SlidingWindow, IdentityReproducesTheInputWithEitherWeighting) {
  const auto identity = [](const at::Tensor& windows) { return windows; };
  for (auto weighting : {Weighting::Gaussian, Weighting::Constant}) {
    const SlidingWindow window({4, 4, 4}, 0.5, weighting, 0.125, 3);
    // Not a multiple of the step (5, 7, 9), and smaller than the patch on two axes (3, 2, 5).
    for (const Ints& shape : {Ints{2, 5, 7, 9}, Ints{1, 3, 2, 5}}) {
      const at::Tensor image = ramp(shape);
      const at::Tensor out = window.predict(image, identity);
      ASSERT_EQ(out.sizes(), image.sizes());
      EXPECT_TRUE(at::allclose(out, image, 1e-5, 1e-5));
    }
  }
}

TEST(SlidingWindow, RunsTheHandComputedNumberOfWindowsInBatches) {
  // 5 x 9 x 10 with patch 4 and overlap 0.5: 2 * 4 * 4 = 32 windows, batches of 3 -> 11 calls.
  const SlidingWindow window({4, 4, 4}, 0.5, Weighting::Gaussian, 0.125, 3);
  int calls = 0;
  int64_t windows = 0;
  window.predict(at::zeros({1, 5, 9, 10}), [&](const at::Tensor& batch) {
    ++calls;
    windows += batch.size(0);
    EXPECT_EQ(batch.sizes().slice(1), (Ints{1, 4, 4, 4}));
    return batch;
  });
  EXPECT_EQ(calls, 11);
  EXPECT_EQ(windows, 32);
  EXPECT_EQ(window.corners({5, 9, 10}).size(), 32u);
}

TEST(SlidingWindow, AveragesOverlappingWindowsWithTheirWeights) {
  // x: 6 voxels, patch 4, overlap 0.5 -> windows at 0 and 2; the first predicts 1, the second 2.
  int next = 0;
  const auto numbered = [&next](const at::Tensor& batch) {
    return at::full_like(batch, static_cast<double>(++next));
  };
  {
    // Constant weights: x 0-1 see window 1, x 2-3 both (mean 1.5), x 4-5 window 2.
    const SlidingWindow window({1, 1, 4}, 0.5, Weighting::Constant, 0.125, 1);
    const at::Tensor out = window.predict(at::zeros({1, 1, 1, 6}), numbered);
    const at::Tensor expected = at::tensor({1.0f, 1.0f, 1.5f, 1.5f, 2.0f, 2.0f});
    EXPECT_TRUE(at::allclose(out.reshape({6}), expected));
  }
  {
    // Gaussian weights of a 4-voxel window: e^-4, 1, 1, e^-4 (axes of size 1 weigh 1).
    // x 2 is voxel 2 of window 1 (weight 1) and voxel 0 of window 2 (weight e^-4).
    next = 0;
    const SlidingWindow window({1, 1, 4}, 0.5, Weighting::Gaussian, 0.125, 1);
    const at::Tensor out = window.predict(at::zeros({1, 1, 1, 6}), numbered).reshape({6});
    const double e = std::exp(-4.0);
    EXPECT_NEAR(out[0].item<float>(), 1.0, 1e-6);
    EXPECT_NEAR(out[2].item<float>(), (1.0 + 2.0 * e) / (1.0 + e), 1e-5);
    EXPECT_NEAR(out[3].item<float>(), (1.0 * e + 2.0) / (e + 1.0), 1e-5);
    EXPECT_NEAR(out[5].item<float>(), 2.0, 1e-6);
  }
}

TEST(SlidingWindow, KeepsThePredictorsChannelCountAndWorksIn2D) {
  const SlidingWindow window({4, 4}, 0.25, Weighting::Gaussian, 0.125, 2);
  const at::Tensor image = ramp({1, 6, 7});
  const at::Tensor out = window.predict(image, [](const at::Tensor& batch) {
    return at::cat({batch, batch * 2, batch.neg()}, 1);
  });
  ASSERT_EQ(out.sizes(), (Ints{3, 6, 7}));
  EXPECT_TRUE(at::allclose(out[1], image[0] * 2, 1e-5, 1e-5));
  EXPECT_TRUE(at::allclose(out[2], image[0].neg(), 1e-5, 1e-5));
}

TEST(SlidingWindow, RejectsAnImageOfAnotherDimension) {
  const SlidingWindow window({4, 4, 4}, 0.5, Weighting::Gaussian, 0.125, 2);
  EXPECT_THROW(window.predict(at::zeros({1, 6, 7}), [](const at::Tensor& b) { return b; }),
               ves::DataError);
}
