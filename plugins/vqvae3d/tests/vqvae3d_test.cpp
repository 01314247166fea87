// The network and the component: shapes, gradients reaching the encoder through the quantiser,
// input checks, outputs and diagnostics as a pipeline sees them.
#include "vqvae3d.hpp"

#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <torch/utils.h>

#include "ves/api/model.hpp"
#include "ves/core/error.hpp"
#include "ves_test/plugin_under_test.hpp"

namespace {

using ves_vqvae3d::VqVae3d;
using ves_vqvae3d::VqVae3dOptions;

VqVae3dOptions tiny() {
  VqVae3dOptions o;
  o.channels = {4, 8};
  o.quantizer.codes = 16;
  o.quantizer.code_dim = 6;
  return o;
}

TEST(VqVae3d, ReconstructsAtTheInputSizeFromALatentGridReducedByTwoPerStage) {
  torch::manual_seed(2);
  VqVae3d net(tiny());
  const auto out = net->forward(at::rand({2, 1, 16, 8, 12}));
  EXPECT_EQ(out.reconstruction.sizes().vec(), (std::vector<int64_t>{2, 1, 16, 8, 12}));
  EXPECT_GT(out.reconstruction.min().item<double>(), 0.0);
  EXPECT_LT(out.reconstruction.max().item<double>(), 1.0);
  EXPECT_EQ(out.quantized.indices.sizes().vec(), (std::vector<int64_t>{2, 4, 2, 3}));
  EXPECT_EQ(net->encode(at::rand({1, 1, 16, 8, 12})).sizes().vec(),
            (std::vector<int64_t>{1, 6, 4, 2, 3}));
  // Recipe B's default: 4 stages, 128^3 -> 256 x 8^3.
  VqVae3dOptions recipe;
  recipe.quantizer.codes = 512;
  VqVae3d full(recipe);
  full->eval();
  EXPECT_EQ(full->encode(at::rand({1, 1, 128, 128, 128})).sizes().vec(),
            (std::vector<int64_t>{1, 256, 8, 8, 8}));
}

TEST(VqVae3d, StraightThroughGradientsReachTheEncoder) {
  torch::manual_seed(3);
  VqVae3d net(tiny());
  net->train();
  const at::Tensor x = at::rand({2, 1, 8, 8, 8});
  const auto out = net->forward(x);
  // The reconstruction loss alone: without the straight-through estimator the argmin would cut
  // every encoder weight off from it.
  at::l1_loss(out.reconstruction, x).backward();
  for (const auto& item : net->named_parameters()) {
    if (item.key().rfind("encoder.", 0) != 0) continue;
    ASSERT_TRUE(item.value().grad().defined()) << item.key();
    EXPECT_GT(item.value().grad().abs().sum().item<double>(), 0.0) << item.key();
  }
}

TEST(VqVae3d, NamesTheSizesItNeeds) {
  VqVae3d net(tiny());
  try {
    net->forward(at::rand({1, 1, 10, 8, 8}));
    FAIL() << "expected a DataError";
  } catch (const ves::DataError& e) {
    EXPECT_NE(
        std::string(e.what()).find("multiples of 4 (2 stride-2 stages), got [1, 1, 10, 8, 8]"),
        std::string::npos)
        << e.what();
  }
}

TEST(VqVae3dPlugin, GivesReconstructionVqLossCodesAndDiagnostics) {
  ves_test::PluginUnderTest plugin;
  auto model = plugin.make<ves::Model>(
      "type: vqvae3d\nchannels: [4, 8]\ncodes: 16\ncode_dim: 8\nema: true\n", "model");
  const auto out = model->forward(ves_test::batch_with("image", at::rand({1, 1, 8, 8, 8})));
  EXPECT_EQ(out.at("recon").sizes().vec(), (std::vector<int64_t>{1, 1, 8, 8, 8}));
  EXPECT_EQ(out.at("vq_loss").dim(), 0);
  EXPECT_EQ(out.at("codes").sizes().vec(), (std::vector<int64_t>{1, 2, 2, 2}));
  const auto d = model->diagnostics();
  EXPECT_GE(d.at("perplexity"), 1.0);
  EXPECT_LE(d.at("perplexity"), 8.0);  // 8 latent vectors
  EXPECT_GT(d.at("codebook_usage"), 0.0);
  EXPECT_LE(d.at("codebook_usage"), 8.0 / 16.0);
}

}  // namespace
