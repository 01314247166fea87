// The network itself: shapes, torchvision's parameter names and counts, attention gates,
// encoder weights from files, a frozen encoder.
#include "multitask_unet.hpp"

#include <gtest/gtest.h>
#include <torch/csrc/jit/serialization/pickle.h>
#include <torch/nn/init.h>

#include <filesystem>
#include <fstream>

#include "efficientnet_encoder.hpp"
#include "pretrained_weights.hpp"
#include "resnet_encoder.hpp"
#include "ves/core/error.hpp"

using ves_multitask::EncoderKind;
using ves_multitask::MultitaskOptions;
using ves_multitask::MultitaskUNet;
using Ints = std::vector<int64_t>;

namespace {

int64_t count(const std::vector<at::Tensor>& tensors) {
  int64_t n = 0;
  for (const auto& t : tensors) n += t.numel();
  return n;
}

std::filesystem::path temp_file(const std::string& name) {
  return std::filesystem::temp_directory_path() /
         (name + "_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + ".pt");
}

void write_state_dict(const std::filesystem::path& file, torch::nn::Module& module,
                      const std::string& prefix) {
  c10::Dict<std::string, at::Tensor> dict;
  for (const auto& p : module.named_parameters()) dict.insert(prefix + p.key(), p.value().detach());
  for (const auto& b : module.named_buffers()) dict.insert(prefix + b.key(), b.value());
  dict.insert("fc.weight", at::zeros({1000, 512}));  // the ImageNet head, not ours
  const std::vector<char> bytes = torch::jit::pickle_save(dict);
  std::ofstream(file, std::ios::binary)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace

TEST(MultitaskUNet, GivesOneClassLogitPerSliceAndAFullResolutionMap) {
  torch::manual_seed(0);
  MultitaskUNet net(MultitaskOptions{});
  auto [cls, seg] = net->forward(at::randn({2, 3, 64, 96}));
  EXPECT_EQ(cls.sizes().vec(), (Ints{2, 1}));
  EXPECT_EQ(seg.sizes().vec(), (Ints{2, 1, 64, 96}));
  (cls.sum() + seg.mean()).backward();
  for (const auto& p : net->named_parameters())
    ASSERT_TRUE(p.value().grad().defined()) << p.key() << " gets no gradient";
}

// torchvision's resnet18 / resnet34 have 11,689,512 / 21,797,672 parameters, of which the 1000-
// class head has 513,000: the encoders must have exactly the rest, under the same names.
TEST(ResNetEncoder, HasTorchvisionsParametersUnderTorchvisionsNames) {
  ves_multitask::ResNetEncoder r18(EncoderKind::ResNet18, 3), r34(EncoderKind::ResNet34, 3);
  EXPECT_EQ(count(r18->parameters()), 11689512 - 513000);
  EXPECT_EQ(count(r34->parameters()), 21797672 - 513000);
  const auto names = r18->named_parameters().keys();
  const auto buffers = r18->named_buffers().keys();
  auto has = [](const std::vector<std::string>& all, const std::string& name) {
    return std::find(all.begin(), all.end(), name) != all.end();
  };
  for (const char* name :
       {"conv1.weight", "bn1.weight", "layer1.0.conv1.weight", "layer1.1.bn2.bias",
        "layer2.0.downsample.0.weight", "layer2.0.downsample.1.weight", "layer4.1.conv2.weight"})
    EXPECT_TRUE(has(names, name)) << name;
  EXPECT_TRUE(has(buffers, "layer3.0.downsample.1.running_var"));
  EXPECT_FALSE(has(names, "layer1.0.downsample.0.weight"));  // same shape: identity shortcut
  EXPECT_TRUE(has(r34->named_parameters().keys(), "layer3.5.conv2.weight"));
}

// torchvision's efficientnet_b0 `features` (stem, seven MBConv stages, head convolution) has
// 4,007,548 parameters; the classifier (1280 -> 1000) is not part of the encoder.
TEST(EfficientNetEncoder, HasTorchvisionsFeaturesUnderTorchvisionsNames) {
  ves_multitask::EfficientNetEncoder encoder(3);
  EXPECT_EQ(count(encoder->parameters()), 4007548);
  const auto names = encoder->named_parameters().keys();
  auto has = [&](const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  for (const char* name :
       {"features.0.0.weight", "features.1.0.block.0.0.weight", "features.1.0.block.1.fc1.bias",
        "features.2.0.block.3.1.weight", "features.6.3.block.2.fc2.weight", "features.8.1.bias"})
    EXPECT_TRUE(has(name)) << name;
  const auto features = encoder->features(at::randn({1, 3, 64, 96}));
  ASSERT_EQ(features.size(), 5u);
  const Ints channels{32, 24, 40, 112, 320};
  for (size_t i = 0; i < 5; ++i) {
    const int64_t stride = int64_t{2} << i;
    EXPECT_EQ(features[i].sizes().vec(), (Ints{1, channels[i], 64 / stride, 96 / stride}));
  }
  EXPECT_EQ(encoder->class_input(features.back()).size(1), 1280);
}

TEST(MultitaskUNet, BuildsOnAnEfficientNetEncoderToo) {
  MultitaskOptions options;
  options.encoder = EncoderKind::EfficientNetB0;
  MultitaskUNet net(options);
  auto [cls, seg] = net->forward(at::randn({2, 3, 64, 64}));
  EXPECT_EQ(cls.sizes().vec(), (Ints{2, 1}));
  EXPECT_EQ(seg.sizes().vec(), (Ints{2, 1, 64, 64}));
}

TEST(ResNetEncoder, HalvesTheResolutionFiveTimes) {
  ves_multitask::ResNetEncoder encoder(EncoderKind::ResNet18, 3);
  const auto features = encoder->forward(at::randn({1, 3, 64, 128}));
  ASSERT_EQ(features.size(), 5u);
  const Ints channels = encoder->channels();
  for (size_t i = 0; i < 5; ++i) {
    const int64_t stride = int64_t{2} << i;
    EXPECT_EQ(features[i].sizes().vec(), (Ints{1, channels[i], 64 / stride, 128 / stride}));
  }
}

// psi's weights 0 and its batch norm at running mean 0, variance 1, bias 0 (eval mode): the
// coefficient is sigmoid(0) = 0.5 everywhere, so the gate halves the skip.
TEST(AttentionGate, MultipliesTheSkipByItsCoefficients) {
  ves_multitask::AttentionGate gate(8, 16);
  gate->eval();
  for (auto& p : gate->named_parameters())
    if (p.key().rfind("psi.0", 0) == 0) torch::nn::init::zeros_(p.value());
  torch::NoGradGuard no_grad;
  const at::Tensor skip = at::randn({2, 8, 4, 4});
  const at::Tensor out = gate->forward(skip, at::randn({2, 16, 4, 4}));
  EXPECT_TRUE(at::allclose(out, skip * 0.5));
  EXPECT_EQ(gate->last_alpha().sizes().vec(), (Ints{2, 1, 4, 4}));
}

TEST(EncoderWeights, LoadByTorchvisionNamesFromAStateDictIgnoringPrefixesAndTheHead) {
  torch::manual_seed(1);
  MultitaskUNet source(MultitaskOptions{}), target(MultitaskOptions{});
  const auto file = temp_file("state_dict");
  write_state_dict(file, *source->encoder, "module.");
  const size_t copied = ves_multitask::load_encoder_weights(
      *target->encoder, ves_multitask::read_weight_file(file), file);
  std::filesystem::remove(file);
  EXPECT_EQ(copied,
            source->encoder->named_parameters().size() + source->encoder->named_buffers().size());
  source->eval();
  target->eval();
  torch::NoGradGuard no_grad;
  const at::Tensor x = at::randn({1, 3, 32, 32});
  const auto a = source->encoder->features(x), b = target->encoder->features(x);
  EXPECT_TRUE(at::equal(a.back(), b.back()));
}

TEST(EncoderWeights, AdaptTheFirstConvolutionToOneInputChannel) {
  ves_multitask::ResNetEncoder rgb(EncoderKind::ResNet18, 3), gray(EncoderKind::ResNet18, 1);
  const auto file = temp_file("gray");
  write_state_dict(file, *rgb, "");
  ves_multitask::load_encoder_weights(*gray, ves_multitask::read_weight_file(file), file);
  std::filesystem::remove(file);
  EXPECT_TRUE(at::allclose(gray->named_parameters()["conv1.weight"],
                           rgb->named_parameters()["conv1.weight"].sum(1, true)));
}

TEST(EncoderWeights, NameTheMissingTensorAndTheFile) {
  ves_multitask::ResNetEncoder r18(EncoderKind::ResNet18, 3), r34(EncoderKind::ResNet34, 3);
  const auto file = temp_file("r18");
  write_state_dict(file, *r18, "");
  try {
    ves_multitask::load_encoder_weights(*r34, ves_multitask::read_weight_file(file), file);
    FAIL() << "ResNet-18 weights loaded into ResNet-34";
  } catch (const ves::DataError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("has no tensor 'layer1.2.conv1.weight'"), std::string::npos) << what;
    EXPECT_NE(what.find(file.string()), std::string::npos) << what;
  }
  std::ofstream(file) << "not weights";
  EXPECT_THROW(ves_multitask::read_weight_file(file), ves::DataError);
  std::filesystem::remove(file);
  EXPECT_THROW(ves_multitask::read_weight_file(file), ves::DataError);
}

TEST(MultitaskUNet, AFrozenEncoderGetsNoGradientAndKeepsItsStatistics) {
  MultitaskOptions options;
  options.freeze_encoder = true;
  MultitaskUNet net(options);
  net->train();
  EXPECT_FALSE(net->encoder->is_training());
  EXPECT_TRUE(net->decoder->is_training());
  const at::Tensor mean_before = net->encoder->named_buffers()["bn1.running_mean"].clone();
  auto [cls, seg] = net->forward(at::randn({2, 3, 32, 32}) + 3.0);
  (cls.sum() + seg.sum()).backward();
  for (const auto& p : net->encoder->parameters()) EXPECT_FALSE(p.grad().defined());
  EXPECT_TRUE(net->classifier->weight.grad().defined());
  EXPECT_TRUE(at::equal(mean_before, net->encoder->named_buffers()["bn1.running_mean"]));
}

// Against torchvision itself: its exported weights (a state dict and a TorchScript file) give
// our encoder torchvision's own features. The exports come from
// tools/export_torchvision_reference.py; scripts/test.sh writes them when python3-torchvision is
// installed and points VES_TORCHVISION_EXPORTS at them.
TEST(EncoderWeights, GiveTorchvisionsOwnFeatures) {
  const char* dir = std::getenv("VES_TORCHVISION_EXPORTS");
  if (!dir || !*dir) GTEST_SKIP() << "VES_TORCHVISION_EXPORTS not set (needs python3-torchvision)";
  for (const auto& [name, kind] :
       {std::pair{std::string("resnet18"), EncoderKind::ResNet18},
        std::pair{std::string("resnet34"), EncoderKind::ResNet34},
        std::pair{std::string("efficientnet_b0"), EncoderKind::EfficientNetB0}}) {
    const auto reference =
        ves_multitask::read_weight_file(std::filesystem::path(dir) / (name + "_reference.pt"));
    for (const char* format : {"_state_dict.pt", "_script.pt"}) {
      const auto file = std::filesystem::path(dir) / (name + format);
      std::shared_ptr<ves_multitask::EncoderImpl> encoder;
      if (kind == EncoderKind::EfficientNetB0)
        encoder = std::make_shared<ves_multitask::EfficientNetEncoderImpl>(3);
      else
        encoder = std::make_shared<ves_multitask::ResNetEncoderImpl>(kind, 3);
      ves_multitask::load_encoder_weights(*encoder, ves_multitask::read_weight_file(file), file);
      encoder->eval();
      torch::NoGradGuard no_grad;
      const auto features = encoder->features(reference.at("x"));
      if (reference.count("head")) {
        EXPECT_TRUE(
            at::allclose(encoder->class_input(features.back()), reference.at("head"), 1e-4, 1e-5))
            << file;
      }
      EXPECT_TRUE(at::allclose(features.front(), reference.at("stem"), 1e-4, 1e-5)) << file;
      EXPECT_TRUE(at::allclose(features.back(), reference.at("layer4"), 1e-4, 1e-5))
          << file << ": largest difference "
          << (features.back() - reference.at("layer4")).abs().max().item<double>();
    }
  }
  try {
    ves_multitask::read_weight_file(std::filesystem::path(dir) / "ordered_state_dict.pt");
    FAIL() << "read an OrderedDict";
  } catch (const ves::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("torch.save(dict(model.state_dict()), file)"),
              std::string::npos);
  }
}
