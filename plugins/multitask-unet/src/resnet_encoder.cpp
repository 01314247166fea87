// ResNet basic blocks and the four stages of ResNet-18 ([2, 2, 2, 2]) and ResNet-34 ([3, 4, 6, 3]).
#include "resnet_encoder.hpp"

#include <torch/nn/functional/activation.h>
#include <torch/nn/functional/pooling.h>

namespace ves_multitask {

namespace F = torch::nn::functional;

namespace {

torch::nn::Conv2d conv(int64_t in, int64_t out, int64_t kernel, int64_t stride) {
  return torch::nn::Conv2d(
      torch::nn::Conv2dOptions(in, out, kernel).stride(stride).padding(kernel / 2).bias(false));
}

torch::nn::Sequential stage(int64_t in, int64_t channels, int64_t blocks, int64_t stride) {
  torch::nn::Sequential s;
  s->push_back(BasicBlock(in, channels, stride));
  for (int64_t b = 1; b < blocks; ++b) s->push_back(BasicBlock(channels, channels, 1));
  return s;
}

}  // namespace

BasicBlockImpl::BasicBlockImpl(int64_t in_channels, int64_t channels, int64_t stride) {
  conv1 = register_module("conv1", conv(in_channels, channels, 3, stride));
  bn1 = register_module("bn1", torch::nn::BatchNorm2d(channels));
  conv2 = register_module("conv2", conv(channels, channels, 3, 1));
  bn2 = register_module("bn2", torch::nn::BatchNorm2d(channels));
  if (stride != 1 || in_channels != channels) {
    downsample =
        register_module("downsample", torch::nn::Sequential(conv(in_channels, channels, 1, stride),
                                                            torch::nn::BatchNorm2d(channels)));
  }
}

at::Tensor BasicBlockImpl::forward(const at::Tensor& x) {
  at::Tensor out = F::relu(bn1(conv1(x)), F::ReLUFuncOptions(true));
  out = bn2(conv2(out));
  out += downsample ? downsample->forward(x) : x;
  return F::relu(out, F::ReLUFuncOptions(true));
}

ResNetEncoderImpl::ResNetEncoderImpl(EncoderKind kind, int64_t in_channels) {
  const std::vector<int64_t> blocks = kind == EncoderKind::ResNet18
                                          ? std::vector<int64_t>{2, 2, 2, 2}
                                          : std::vector<int64_t>{3, 4, 6, 3};
  conv1 = register_module(
      "conv1", torch::nn::Conv2d(
                   torch::nn::Conv2dOptions(in_channels, 64, 7).stride(2).padding(3).bias(false)));
  bn1 = register_module("bn1", torch::nn::BatchNorm2d(64));
  layer1 = register_module("layer1", stage(64, 64, blocks[0], 1));
  layer2 = register_module("layer2", stage(64, 128, blocks[1], 2));
  layer3 = register_module("layer3", stage(128, 256, blocks[2], 2));
  layer4 = register_module("layer4", stage(256, 512, blocks[3], 2));
  // torchvision's initialisation: He normal for convolutions, BN weight 1 and bias 0.
  for (auto& module : modules(/*include_self=*/false)) {
    if (auto* c = module->as<torch::nn::Conv2d>())
      torch::nn::init::kaiming_normal_(c->weight, 0.0, torch::kFanOut, torch::kReLU);
  }
}

std::vector<at::Tensor> ResNetEncoderImpl::forward(const at::Tensor& x) {
  std::vector<at::Tensor> features;
  at::Tensor h = F::relu(bn1(conv1(x)), F::ReLUFuncOptions(true));
  features.push_back(h);
  h = F::max_pool2d(h, F::MaxPool2dFuncOptions(3).stride(2).padding(1));
  h = layer1->forward(h);
  features.push_back(h);
  h = layer2->forward(h);
  features.push_back(h);
  h = layer3->forward(h);
  features.push_back(h);
  features.push_back(layer4->forward(h));
  return features;
}

}  // namespace ves_multitask
