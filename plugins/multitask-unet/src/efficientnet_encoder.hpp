#pragma once
// EfficientNet-B0 encoder (Tan & Le 2019) with torchvision's parameter names (features.0.0,
// features.1.0.block.0.0, ...), so its ImageNet weights load by name: a stem, seven stages of
// mobile inverted bottlenecks (MBConv: expansion, depthwise convolution, squeeze-and-excitation,
// projection, stochastic depth on the residual) and the 1x1 head convolution to 1280 channels.
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/conv.h>

#include <vector>

#include "encoder.hpp"

namespace ves_multitask {

/// Convolution ("0"), batch norm ("1"), optional SiLU, as torchvision's Conv2dNormActivation.
class ConvNormActImpl : public torch::nn::Module {
 public:
  ConvNormActImpl(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t groups,
                  bool activation);
  at::Tensor forward(const at::Tensor& x);

 private:
  torch::nn::Conv2d conv{nullptr};
  torch::nn::BatchNorm2d norm{nullptr};
  bool activation_;
};
TORCH_MODULE(ConvNormAct);

/// x * sigmoid(fc2(silu(fc1(mean(x))))).
class SqueezeExcitationImpl : public torch::nn::Module {
 public:
  SqueezeExcitationImpl(int64_t channels, int64_t squeezed);
  at::Tensor forward(const at::Tensor& x);

 private:
  torch::nn::Conv2d fc1{nullptr}, fc2{nullptr};
};
TORCH_MODULE(SqueezeExcitation);

/// One mobile inverted bottleneck block; `drop` is its stochastic-depth probability.
class MBConvImpl : public torch::nn::Module {
 public:
  MBConvImpl(int64_t in, int64_t out, int64_t expand, int64_t kernel, int64_t stride, double drop);
  at::Tensor forward(const at::Tensor& x);

 private:
  torch::nn::ModuleList block{nullptr};
  ConvNormAct expand_conv{nullptr}, depthwise{nullptr}, project{nullptr};
  SqueezeExcitation excite{nullptr};
  bool residual_;
  double drop_;
};
TORCH_MODULE(MBConv);

class EfficientNetEncoderImpl : public EncoderImpl {
 public:
  explicit EfficientNetEncoderImpl(int64_t in_channels);
  /// Stem (32, stride 2), stage 2 (24, /4), stage 3 (40, /8), stage 5 (112, /16), stage 7 (320,
  /// /32).
  std::vector<at::Tensor> features(const at::Tensor& x) override;
  std::vector<int64_t> channels() const override { return {32, 24, 40, 112, 320}; }
  /// The 1x1 head convolution (features.8) to 1280 channels, as torchvision's classifier sees.
  at::Tensor class_input(const at::Tensor& deepest) override;
  int64_t class_channels() const override { return 1280; }

 private:
  torch::nn::ModuleList features_list{nullptr};
};
TORCH_MODULE(EfficientNetEncoder);

}  // namespace ves_multitask
