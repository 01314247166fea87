// The quantiser: nearest-code assignment, straight-through gradients, the codebook and
// commitment losses, EMA updates, perplexity and dead-code restarts.
#include "vector_quantizer.hpp"

#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <torch/autograd.h>
#include <torch/utils.h>

namespace {

using ves_vqvae3d::QuantizerOptions;
using ves_vqvae3d::VectorQuantizer;

QuantizerOptions small(int64_t codes, int64_t dim) {
  QuantizerOptions o;
  o.codes = codes;
  o.code_dim = dim;
  return o;
}

// Latents [1, D, N, 1, 1] whose N vectors are the rows of `rows` [N, D].
at::Tensor as_latents(const at::Tensor& rows) {
  return rows.t().reshape({1, rows.size(1), rows.size(0), 1, 1}).contiguous();
}

TEST(VectorQuantizer, PicksTheNearestCodeAndReportsAUniformAssignmentsPerplexity) {
  torch::manual_seed(1);
  VectorQuantizer vq(small(8, 4));
  vq->eval();
  const at::Tensor codes = vq->codebook().detach().clone();
  // Each code once, in reverse order, slightly perturbed: perplexity = K, every code used.
  const at::Tensor rows = codes.flip(0) + 1e-4;
  const auto q = vq->forward(as_latents(rows));
  EXPECT_NEAR(q.perplexity, 8.0, 1e-5);  // float32 entropy
  EXPECT_DOUBLE_EQ(q.usage, 1.0);
  EXPECT_TRUE(at::equal(q.indices.flatten(), at::arange(7, -1, -1, at::kLong)));
  EXPECT_TRUE(at::allclose(q.quantized.flatten(), as_latents(codes.flip(0)).flatten()));
  // Everything on one code: perplexity 1, one code of 8 used.
  const auto one = vq->forward(as_latents(codes[3].repeat({5, 1})));
  EXPECT_NEAR(one.perplexity, 1.0, 1e-6);
  EXPECT_DOUBLE_EQ(one.usage, 1.0 / 8.0);
}

TEST(VectorQuantizer, PassesGradientsStraightThroughToTheLatents) {
  torch::manual_seed(1);
  VectorQuantizer vq(small(4, 3));
  const at::Tensor z = at::randn({2, 3, 2, 2, 2}).set_requires_grad(true);
  const auto q = vq->forward(z);
  (q.quantized * 3.0).sum().backward();
  // d(quantized)/dz is the identity: every latent gets the gradient 3 (plus nothing else, as
  // the VQ loss was not part of this objective).
  EXPECT_TRUE(at::allclose(z.grad(), at::full_like(z, 3.0)));
}

TEST(VectorQuantizer, CodebookLossMovesOnlyTheChosenCodesAndCommitmentIsWeighted) {
  torch::manual_seed(1);
  auto options = small(4, 2);
  options.commitment = 0.25;
  VectorQuantizer vq(options);
  torch::NoGradGuard no_grad_scope;
  vq->codebook().copy_(
      at::tensor({0.0f, 0.0f, 10.0f, 10.0f, -10.0f, 10.0f, 10.0f, -10.0f}).view({4, 2}));
  const at::Tensor rows = at::tensor({1.0f, 0.0f, 0.0f, 2.0f}).view({2, 2});  // both near code 0
  at::Tensor z = as_latents(rows);
  {
    torch::AutoGradMode enable(true);
    z.set_requires_grad(true);
    const auto q = vq->forward(z);
    // mse(z, e0) = (1 + 4) / 4 = 1.25: loss = 1.25 (codebook) + 0.25 * 1.25 (commitment).
    EXPECT_NEAR(q.loss.item<double>(), 1.25 * 1.25, 1e-9);
    q.loss.backward();
    const at::Tensor grad = vq->codebook().grad();
    EXPECT_GT(grad[0].abs().sum().item<double>(), 0.0);
    EXPECT_EQ(grad.slice(0, 1).abs().sum().item<double>(), 0.0);
  }
}

TEST(VectorQuantizer, EmaUpdatesMoveTheAssignedCodeTowardItsVectorsAndLeaveTheOthers) {
  torch::manual_seed(1);
  auto options = small(4, 3);
  options.ema = true;
  options.decay = 0.9;
  VectorQuantizer vq(options);
  vq->train();
  const at::Tensor before = vq->codebook().clone();
  const at::Tensor target = before[2] + 0.01;  // nearest to code 2
  const at::Tensor z = as_latents(target.repeat({16, 1}));
  double previous = (before[2] - target).norm().item<double>();
  for (int step = 0; step < 40; ++step) {
    vq->forward(z);
    const double now = (vq->codebook()[2] - target).norm().item<double>();
    EXPECT_LT(now, previous) << "step " << step;
    previous = now;
  }
  EXPECT_LT(previous, 1e-3);
  // The others only feel the Laplace smoothing of their fading counts.
  for (int64_t k : {0, 1, 3})
    EXPECT_TRUE(at::allclose(vq->codebook()[k], before[k], 1e-2, 1e-4)) << "code " << k;
  EXPECT_FALSE(vq->codebook().requires_grad());  // EMA codebooks learn without gradients
}

TEST(VectorQuantizer, RestartsCodesThatStayUnusedOnLatentVectors) {
  torch::manual_seed(1);
  auto options = small(8, 3);
  options.restart_dead = true;
  options.dead_usage = 0.8;  // of the uniform share 1/8: an unused code is dead in ~23 steps
  VectorQuantizer vq(options);
  vq->train();
  const at::Tensor target = vq->codebook()[0].detach().clone();
  const at::Tensor z = as_latents(target.repeat({4, 1}));
  for (int step = 0; step < 30; ++step) vq->forward(z);
  for (int64_t k = 1; k < 8; ++k)
    EXPECT_TRUE(at::allclose(vq->codebook()[k], target)) << "code " << k;
}

}  // namespace
