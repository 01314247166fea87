// Attention gates and the U-Net decoder blocks of the multitask network.
#include "attention_decoder.hpp"

#include <ATen/ATen.h>
#include <torch/nn/functional/activation.h>
#include <torch/nn/functional/upsampling.h>

#include <algorithm>

namespace ves_multitask {

namespace F = torch::nn::functional;

namespace {

torch::nn::Sequential conv_bn(int64_t in, int64_t out, int64_t kernel) {
  return torch::nn::Sequential(
      torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel).padding(kernel / 2).bias(false)),
      torch::nn::BatchNorm2d(out));
}

}  // namespace

AttentionGateImpl::AttentionGateImpl(int64_t skip_channels, int64_t gate_channels) {
  const int64_t inter = std::max<int64_t>(1, skip_channels / 2);
  skip_proj = register_module("skip_proj", conv_bn(skip_channels, inter, 1));
  gate_proj = register_module("gate_proj", conv_bn(gate_channels, inter, 1));
  psi = register_module("psi", conv_bn(inter, 1, 1));
}

at::Tensor AttentionGateImpl::forward(const at::Tensor& skip, const at::Tensor& gate) {
  const at::Tensor joint = F::relu(skip_proj->forward(skip) + gate_proj->forward(gate));
  alpha_ = at::sigmoid(psi->forward(joint));
  return skip * alpha_;
}

DecoderBlockImpl::DecoderBlockImpl(int64_t in_channels, int64_t skip_channels, int64_t out_channels,
                                   bool attention) {
  if (attention && skip_channels > 0)
    gate = register_module("gate", AttentionGate(skip_channels, in_channels));
  conv1 = register_module("conv1", conv_bn(in_channels + skip_channels, out_channels, 3));
  conv2 = register_module("conv2", conv_bn(out_channels, out_channels, 3));
}

at::Tensor DecoderBlockImpl::forward(const at::Tensor& x, const at::Tensor& skip) {
  at::Tensor up = F::interpolate(x, F::InterpolateFuncOptions()
                                        .scale_factor(std::vector<double>{2.0, 2.0})
                                        .mode(torch::kNearest));
  if (skip.defined()) {
    const at::Tensor gated = gate ? gate->forward(skip, up) : skip;
    up = at::cat({up, gated}, 1);
  }
  return F::relu(conv2->forward(F::relu(conv1->forward(up))));
}

AttentionDecoderImpl::AttentionDecoderImpl(const std::vector<int64_t>& encoder_channels,
                                           const std::vector<int64_t>& channels, bool attention) {
  blocks = register_module("blocks", torch::nn::ModuleList());
  // Skips from the second-deepest feature upwards; the deepest feature is the decoder's input.
  std::vector<int64_t> skips(encoder_channels.rbegin() + 1, encoder_channels.rend());
  int64_t in = encoder_channels.back();
  for (size_t i = 0; i < channels.size(); ++i) {
    const int64_t skip = i < skips.size() ? skips[i] : 0;
    blocks->push_back(DecoderBlock(in, skip, channels[i], attention));
    in = channels[i];
  }
}

at::Tensor AttentionDecoderImpl::forward(const std::vector<at::Tensor>& features) {
  at::Tensor x = features.back();
  const auto deepest = static_cast<int64_t>(features.size()) - 1;
  for (size_t i = 0; i < blocks->size(); ++i) {
    const int64_t skip_index = deepest - 1 - static_cast<int64_t>(i);
    const at::Tensor skip =
        skip_index >= 0 ? features[static_cast<size_t>(skip_index)] : at::Tensor();
    x = blocks[i]->as<DecoderBlockImpl>()->forward(x, skip);
  }
  return x;
}

}  // namespace ves_multitask
