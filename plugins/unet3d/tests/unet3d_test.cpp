// The network itself: channel plan, output shapes, parameter count, initialisation, gradients
// and the errors a user can meet.
#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <torch/nn/utils/convert_parameters.h>
#include <torch/utils.h>

#include <cmath>

#include "unet3d.hpp"
#include "ves/core/error.hpp"

namespace {

using ves_unet3d::Downsampling;
using ves_unet3d::Norm;
using ves_unet3d::UNet3d;
using ves_unet3d::UNet3dOptions;
using ves_unet3d::Upsampling;

UNet3dOptions tiny(int64_t depth) {
  UNet3dOptions o;
  o.depth = depth;
  o.base_channels = 4;
  return o;
}

int64_t count_parameters(UNet3d& net) {
  int64_t n = 0;
  for (const auto& p : net->parameters()) n += p.numel();
  return n;
}

std::vector<int64_t> sizes(const at::Tensor& t) {
  return t.sizes().vec();
}

TEST(StageChannels, DoubleFromBaseUpToTheCap) {
  UNet3dOptions o;  // defaults: depth 4, base 32, max 512
  EXPECT_EQ(ves_unet3d::stage_channels(o), (std::vector<int64_t>{32, 64, 128, 256, 512}));
  o.max_channels = 128;
  EXPECT_EQ(ves_unet3d::stage_channels(o), (std::vector<int64_t>{32, 64, 128, 128, 128}));
  o.depth = 6;
  o.base_channels = 24;
  o.max_channels = 320;  // nnU-Net's 3-D cap
  EXPECT_EQ(ves_unet3d::stage_channels(o), (std::vector<int64_t>{24, 48, 96, 192, 320, 320, 320}));
}

struct ShapeCase {
  std::string name;
  UNet3dOptions options;
  std::vector<int64_t> input;  // [B, C, Z, Y, X]
};

class UNet3dShapes : public ::testing::TestWithParam<ShapeCase> {};

TEST_P(UNet3dShapes, GiveLogitsAtTheInputResolution) {
  const auto& c = GetParam();
  UNet3d net(c.options);
  const auto out = net->forward(at::randn(c.input));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(sizes(out[0]), (std::vector<int64_t>{c.input[0], c.options.out_channels, c.input[2],
                                                 c.input[3], c.input[4]}));
  EXPECT_TRUE(out[0].isfinite().all().item<bool>());
}

std::vector<ShapeCase> shape_cases() {
  std::vector<ShapeCase> cases;
  {
    auto o = tiny(2);
    cases.push_back({"Depth2InstanceMaxpoolTransposed", o, {1, 1, 16, 16, 16}});
  }
  {
    auto o = tiny(3);
    o.in_channels = 2;
    o.out_channels = 3;
    o.block.norm = Norm::Group;
    o.block.groups = 2;
    o.down = Downsampling::Strided;
    o.up = Upsampling::Trilinear;
    cases.push_back({"Depth3GroupStridedTrilinearOddSize", o, {1, 2, 20, 24, 28}});
  }
  {
    auto o = tiny(4);
    o.out_channels = 3;
    o.block.norm = Norm::Batch;
    o.block.activation = ves_unet3d::Activation::ReLU;
    o.block.dropout = 0.2;
    o.up = Upsampling::Trilinear;
    cases.push_back({"Depth4BatchReluDropoutOddSize", o, {2, 1, 20, 24, 28}});
  }
  {
    auto o = tiny(4);
    o.down = Downsampling::Strided;
    cases.push_back({"Depth4StridedTransposedBatch2", o, {2, 1, 16, 16, 16}});
  }
  {
    auto o = tiny(2);
    cases.push_back({"Depth2TinyOddSize", o, {1, 1, 5, 7, 9}});
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Configurations, UNet3dShapes, ::testing::ValuesIn(shape_cases()),
                         [](const auto& test) { return test.param.name; });

TEST(UNet3d, DeepSupervisionGivesLogitsAtHalfAndQuarterResolution) {
  auto o = tiny(3);
  o.out_channels = 2;
  o.deep_supervision = true;
  UNet3d net(o);
  // 20 x 23 x 28 pads to 24 x 24 x 32; level k is cropped to ceil(size / 2^k).
  const auto out = net->forward(at::randn({1, 1, 20, 23, 28}));
  ASSERT_EQ(out.size(), 3u);  // full resolution + depth - 1 lower ones
  EXPECT_EQ(sizes(out[0]), (std::vector<int64_t>{1, 2, 20, 23, 28}));
  EXPECT_EQ(sizes(out[1]), (std::vector<int64_t>{1, 2, 10, 12, 14}));
  EXPECT_EQ(sizes(out[2]), (std::vector<int64_t>{1, 2, 5, 6, 7}));
}

TEST(UNet3d, PadsWithZerosAtTheEndAndCropsBack) {
  // depth 2 needs multiples of 4: a 13^3 input is padded internally to 16^3 with zeros after
  // the data, so its logits equal the first 13^3 voxels of the logits of that padded input.
  UNet3d net(tiny(2));
  const auto x = at::randn({1, 1, 13, 13, 13});
  const auto a = net->forward(x)[0];
  const auto b = net->forward(at::constant_pad_nd(x, {0, 3, 0, 3, 0, 3}, 0.0))[0];
  ASSERT_EQ(sizes(a), (std::vector<int64_t>{1, 1, 13, 13, 13}));
  EXPECT_TRUE(at::allclose(a, b.narrow(2, 0, 13).narrow(3, 0, 13).narrow(4, 0, 13), 1e-5, 1e-6));
}

TEST(UNet3d, ParameterCountMatchesTheHandCount) {
  // depth 1, base 2: channels [2, 4]; instance norm (affine: 2 numbers per channel); every
  // convolution has a bias.
  //   encoder 0: conv 1->2: 27*1*2+2 = 56, norm 4, conv 2->2: 27*2*2+2 = 110, norm 4   = 174
  //   encoder 1: conv 2->4: 27*2*4+4 = 220, norm 8, conv 4->4: 27*4*4+4 = 436, norm 8  = 672
  //   transposed 4->2, 2x2x2: 4*2*8+2                                                 =  66
  //   decoder 0: conv 4->2: 27*4*2+2 = 218, norm 4, conv 2->2: 110, norm 4              = 336
  //   head 2->1, 1x1x1: 2+1                                                            =   3
  //   total 174 + 672 + 66 + 336 + 3 = 1251
  UNet3dOptions o;
  o.depth = 1;
  o.base_channels = 2;
  UNet3d net(o);
  EXPECT_EQ(count_parameters(net), 1251);
  // Trilinear upsampling replaces the transposed conv (66) by a 1x1x1 conv 4->2: 4*2+2 = 10.
  o.up = Upsampling::Trilinear;
  UNet3d trilinear(o);
  EXPECT_EQ(count_parameters(trilinear), 1251 - 66 + 10);
  // Deep supervision with depth 1 adds no head (there is no lower decoder level).
  o.deep_supervision = true;
  UNet3d supervised(o);
  EXPECT_EQ(count_parameters(supervised), 1251 - 66 + 10);
}

TEST(UNet3d, InitialisesConvolutionsLikeNnUNet) {
  UNet3d net(tiny(2));
  const auto params = net->named_parameters();
  // Level 2 has 16 channels: its second conv has fan_in 16 * 27 = 432, so Kaiming normal with
  // slope a = 0.01 gives std = sqrt(2 / ((1 + a^2) * 432)) = 0.068041.
  const auto& w = params["encoder.2.layers.conv2.weight"];
  const double expected = std::sqrt(2.0 / ((1.0 + 0.01 * 0.01) * 432.0));
  EXPECT_NEAR(w.std().item<double>(), expected, 0.05 * expected);  // 6912 draws: ~1% noise
  EXPECT_NEAR(w.mean().item<double>(), 0.0, 0.1 * expected);
  EXPECT_EQ(params["encoder.2.layers.conv2.bias"].abs().max().item<double>(), 0.0);
  EXPECT_EQ(params["upsample.0.transposed.bias"].abs().max().item<double>(), 0.0);
  EXPECT_EQ(params["heads.0.bias"].abs().max().item<double>(), 0.0);
  EXPECT_EQ(params["encoder.0.layers.norm1.weight"].min().item<double>(), 1.0);
}

TEST(UNet3d, GradientsReachTheFirstConvolution) {
  UNet3d net(tiny(2));
  const auto out = net->forward(at::randn({1, 1, 8, 8, 8}));
  out[0].square().mean().backward();
  const auto grad = net->named_parameters()["encoder.0.layers.conv1.weight"].grad();
  ASSERT_TRUE(grad.defined());
  EXPECT_GT(grad.abs().sum().item<double>(), 0.0);
}

TEST(UNet3d, SameSeedGivesTheSameInitialWeights) {
  torch::manual_seed(7);
  UNet3d a(tiny(2));
  torch::manual_seed(7);
  UNet3d b(tiny(2));
  torch::manual_seed(8);
  UNet3d c(tiny(2));
  const auto pa = torch::nn::utils::parameters_to_vector(a->parameters());
  EXPECT_TRUE(at::equal(pa, torch::nn::utils::parameters_to_vector(b->parameters())));
  EXPECT_FALSE(at::equal(pa, torch::nn::utils::parameters_to_vector(c->parameters())));
}

TEST(UNet3d, RejectsGroupsThatDoNotDivideTheChannels) {
  auto o = tiny(2);  // channels 4, 8, 16
  o.block.norm = Norm::Group;
  o.block.groups = 8;
  EXPECT_EQ(ves_unet3d::groups_problem(o),
            "must divide the channels of every level, but 8 does not divide the 4 of level 0 "
            "(channels per level: [4, 8, 16])");
  try {
    UNet3d net(o);
    FAIL() << "expected an error";
  } catch (const ves::Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("unet3d: groups must divide", 0), 0u) << e.what();
  }
  o.block.groups = 4;
  EXPECT_EQ(ves_unet3d::groups_problem(o), "");
}

TEST(UNet3d, RejectsAnInputWithTheWrongChannelCount) {
  UNet3d net(tiny(2));
  try {
    net->forward(at::zeros({1, 2, 8, 8, 8}));
    FAIL() << "expected an error";
  } catch (const ves::DataError& e) {
    EXPECT_STREQ(e.what(),
                 "unet3d: the input must be [B, 1, Z, Y, X] (in_channels: 1), got [1, 2, 8, 8, "
                 "8]; set in_channels to the data's channel count");
  }
  EXPECT_THROW(net->forward(at::zeros({1, 8, 8, 8})), ves::DataError);
}

}  // namespace
