#pragma once
// ResNet-18/34 encoder (He et al. 2016) with torchvision's parameter names (conv1, bn1,
// layer1.0.conv1, ...), so ImageNet weights exported from torchvision load by name.
#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>

#include <vector>

#include "encoder.hpp"

namespace ves_multitask {

/// Two 3x3 convolutions with batch norm and an identity (or 1x1 projection) shortcut.
class BasicBlockImpl : public torch::nn::Module {
 public:
  BasicBlockImpl(int64_t in_channels, int64_t channels, int64_t stride);
  at::Tensor forward(const at::Tensor& x);

 private:
  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr};
  torch::nn::BatchNorm2d bn1{nullptr}, bn2{nullptr};
  torch::nn::Sequential downsample{nullptr};  ///< conv 1x1 + bn when the shape changes
};
TORCH_MODULE(BasicBlock);

class ResNetEncoderImpl : public EncoderImpl {
 public:
  /// `kind` ResNet18 or ResNet34.
  ResNetEncoderImpl(EncoderKind kind, int64_t in_channels);
  /// Features at strides 2, 4, 8, 16, 32: [stem 64, layer1 64, layer2 128, layer3 256, layer4 512].
  std::vector<at::Tensor> forward(const at::Tensor& x);
  std::vector<at::Tensor> features(const at::Tensor& x) override { return forward(x); }
  std::vector<int64_t> channels() const override { return {64, 64, 128, 256, 512}; }

 private:
  torch::nn::Conv2d conv1{nullptr};
  torch::nn::BatchNorm2d bn1{nullptr};
  torch::nn::Sequential layer1{nullptr}, layer2{nullptr}, layer3{nullptr}, layer4{nullptr};
};
TORCH_MODULE(ResNetEncoder);

}  // namespace ves_multitask
