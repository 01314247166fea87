#pragma once
// The Y-shaped network of recipe A: a shared encoder (ResNet-18/34 or EfficientNet-B0), a
// classification head (global average pool, dropout, linear) and an attention U-Net decoder
// with a segmentation head.
#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>

#include <string>
#include <vector>

#include "attention_decoder.hpp"
#include "encoder.hpp"

namespace ves_multitask {

struct MultitaskOptions {
  EncoderKind encoder = EncoderKind::ResNet18;
  int64_t in_channels = 3;
  int64_t seg_channels = 1;                                     ///< segmentation logit channels
  int64_t classes = 1;                                          ///< classification logits
  std::vector<int64_t> decoder_channels{256, 128, 64, 32, 16};  ///< five blocks, stride 32 -> 1
  bool attention = true;                                        ///< attention gates on the skips
  double dropout = 0.2;                                         ///< before the classification layer
  bool freeze_encoder = false;  ///< encoder weights fixed and its batch norms in eval mode
};

class MultitaskUNetImpl : public torch::nn::Module {
 public:
  explicit MultitaskUNetImpl(const MultitaskOptions& options);
  /// {class logits [B, classes], segmentation logits [B, seg_channels, H, W]} for x [B, C, H, W]
  /// with H and W multiples of 32.
  std::pair<at::Tensor, at::Tensor> forward(const at::Tensor& x);
  /// Train mode everywhere except a frozen encoder, which stays in eval mode.
  void train(bool on = true) override;
  /// Throws ves::DataError naming `what` when x is not [B, in_channels, H, W], H, W % 32 == 0.
  void check_input(const at::Tensor& x, const std::string& what) const;

  std::shared_ptr<EncoderImpl> encoder;
  AttentionDecoder decoder{nullptr};
  torch::nn::Conv2d seg_head{nullptr};
  torch::nn::Dropout class_dropout{nullptr};
  torch::nn::Linear classifier{nullptr};

 private:
  MultitaskOptions options_;
};
TORCH_MODULE(MultitaskUNet);

}  // namespace ves_multitask
