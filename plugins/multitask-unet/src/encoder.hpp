#pragma once
// What the multitask network needs of an encoder: five feature maps at strides 2, 4, 8, 16 and
// 32 for the decoder's skips, and the tensor the classification head pools.
#include <torch/nn/module.h>

#include <vector>

namespace ves_multitask {

enum class EncoderKind { ResNet18, ResNet34, EfficientNetB0 };

class EncoderImpl : public torch::nn::Module {
 public:
  /// The five features, shallowest (stride 2) first.
  virtual std::vector<at::Tensor> features(const at::Tensor& x) = 0;
  /// Their channels, in the same order.
  virtual std::vector<int64_t> channels() const = 0;
  /// What the class head pools, from the deepest feature (ResNet: itself; EfficientNet: its
  /// 1x1 head convolution).
  virtual at::Tensor class_input(const at::Tensor& deepest) { return deepest; }
  /// Channels of class_input().
  virtual int64_t class_channels() const { return channels().back(); }
};

}  // namespace ves_multitask
