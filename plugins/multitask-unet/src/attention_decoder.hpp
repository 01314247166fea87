#pragma once
// U-Net decoder with attention gates on the skip connections (Oktay et al. 2018): each block
// upsamples x2, gates the skip with the upsampled decoder features, concatenates, and applies
// two 3x3 convolution + batch norm + ReLU layers.
#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>

#include <vector>

namespace ves_multitask {

/// Additive attention: alpha = sigmoid(psi(relu(W_x skip + W_g gate))), output skip x alpha.
class AttentionGateImpl : public torch::nn::Module {
 public:
  AttentionGateImpl(int64_t skip_channels, int64_t gate_channels);
  /// `skip` and `gate` share their spatial size; returns the gated skip.
  at::Tensor forward(const at::Tensor& skip, const at::Tensor& gate);
  /// The attention coefficients of the last forward pass [B, 1, H, W] (for pictures).
  const at::Tensor& last_alpha() const { return alpha_; }

 private:
  torch::nn::Sequential skip_proj{nullptr}, gate_proj{nullptr}, psi{nullptr};
  at::Tensor alpha_;
};
TORCH_MODULE(AttentionGate);

/// Upsample x2, optional gated skip, concatenate, conv-BN-ReLU twice.
class DecoderBlockImpl : public torch::nn::Module {
 public:
  DecoderBlockImpl(int64_t in_channels, int64_t skip_channels, int64_t out_channels,
                   bool attention);
  at::Tensor forward(const at::Tensor& x, const at::Tensor& skip);

 private:
  AttentionGate gate{nullptr};
  torch::nn::Sequential conv1{nullptr}, conv2{nullptr};  ///< each 3x3 convolution + batch norm
};
TORCH_MODULE(DecoderBlock);

class AttentionDecoderImpl : public torch::nn::Module {
 public:
  /// `encoder_channels`: the encoder's features from stride 2 to the deepest; one block per
  /// entry of `channels` (the last blocks without a skip when there are more blocks than skips).
  AttentionDecoderImpl(const std::vector<int64_t>& encoder_channels,
                       const std::vector<int64_t>& channels, bool attention);
  /// Decodes the encoder's features (as ResNetEncoder returns them) to [B, channels.back(), ...].
  at::Tensor forward(const std::vector<at::Tensor>& features);

 private:
  torch::nn::ModuleList blocks{nullptr};
};
TORCH_MODULE(AttentionDecoder);

}  // namespace ves_multitask
