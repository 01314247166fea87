// EfficientNet-B0's blocks and stages, as torchvision builds them (efficientnet_b0).
#include "efficientnet_encoder.hpp"

#include <ATen/ATen.h>
#include <torch/nn/functional/activation.h>
#include <torch/nn/init.h>

namespace ves_multitask {

namespace F = torch::nn::functional;

ConvNormActImpl::ConvNormActImpl(int64_t in, int64_t out, int64_t kernel, int64_t stride,
                                 int64_t groups, bool activation)
    : activation_(activation) {
  conv = register_module("0", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel)
                                                    .stride(stride)
                                                    .padding((kernel - 1) / 2)
                                                    .groups(groups)
                                                    .bias(false)));
  norm = register_module("1", torch::nn::BatchNorm2d(out));
}

at::Tensor ConvNormActImpl::forward(const at::Tensor& x) {
  at::Tensor y = norm(conv(x));
  return activation_ ? F::silu(y) : y;
}

SqueezeExcitationImpl::SqueezeExcitationImpl(int64_t channels, int64_t squeezed) {
  fc1 = register_module("fc1", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, squeezed, 1)));
  fc2 = register_module("fc2", torch::nn::Conv2d(torch::nn::Conv2dOptions(squeezed, channels, 1)));
}

at::Tensor SqueezeExcitationImpl::forward(const at::Tensor& x) {
  const at::Tensor scale = at::sigmoid(fc2(F::silu(fc1(x.mean({2, 3}, /*keepdim=*/true)))));
  return x * scale;
}

MBConvImpl::MBConvImpl(int64_t in, int64_t out, int64_t expand, int64_t kernel, int64_t stride,
                       double drop)
    : residual_(stride == 1 && in == out), drop_(drop) {
  const int64_t expanded = in * expand;
  block = register_module("block", torch::nn::ModuleList());
  if (expand != 1) {
    expand_conv = ConvNormAct(in, expanded, 1, 1, 1, true);
    block->push_back(expand_conv);
  }
  depthwise = ConvNormAct(expanded, expanded, kernel, stride, expanded, true);
  block->push_back(depthwise);
  excite = SqueezeExcitation(expanded, std::max<int64_t>(1, in / 4));
  block->push_back(excite);
  project = ConvNormAct(expanded, out, 1, 1, 1, false);
  block->push_back(project);
}

at::Tensor MBConvImpl::forward(const at::Tensor& x) {
  at::Tensor y = expand_conv ? expand_conv(x) : x;
  y = project(excite(depthwise(y)));
  if (!residual_) return y;
  if (is_training() && drop_ > 0) {  // stochastic depth, one draw per sample ("row")
    const double keep = 1.0 - drop_;
    const at::Tensor mask =
        at::empty({y.size(0), 1, 1, 1}, y.options()).bernoulli_(keep).div_(keep);
    y = y * mask;
  }
  return y + x;
}

EfficientNetEncoderImpl::EfficientNetEncoderImpl(int64_t in_channels) {
  // (expand, kernel, stride, in, out, layers) of B0's seven stages; stochastic depth grows
  // linearly from 0 to 0.2 over the 16 blocks.
  struct Stage {
    int64_t expand, kernel, stride, in, out, layers;
  };
  const Stage stages[] = {{1, 3, 1, 32, 16, 1},  {6, 3, 2, 16, 24, 2},  {6, 5, 2, 24, 40, 2},
                          {6, 3, 2, 40, 80, 3},  {6, 5, 1, 80, 112, 3}, {6, 5, 2, 112, 192, 4},
                          {6, 3, 1, 192, 320, 1}};
  features_list = register_module("features", torch::nn::ModuleList());
  features_list->push_back(ConvNormAct(in_channels, 32, 3, 2, 1, true));
  int64_t block_id = 0;
  for (const Stage& st : stages) {
    torch::nn::ModuleList stage;
    for (int64_t i = 0; i < st.layers; ++i, ++block_id)
      stage->push_back(MBConv(i == 0 ? st.in : st.out, st.out, st.expand, st.kernel,
                              i == 0 ? st.stride : 1, 0.2 * static_cast<double>(block_id) / 16.0));
    features_list->push_back(stage);
  }
  features_list->push_back(ConvNormAct(320, 1280, 1, 1, 1, true));
  // torchvision's initialisation: He normal (fan out) for convolutions, zero biases.
  for (auto& p : named_parameters()) {
    if (p.value().dim() == 4)
      torch::nn::init::kaiming_normal_(p.value(), 0.0, torch::kFanOut);
    else if (p.key().find("fc") != std::string::npos && p.key().find("bias") != std::string::npos)
      torch::nn::init::zeros_(p.value());
  }
}

std::vector<at::Tensor> EfficientNetEncoderImpl::features(const at::Tensor& x) {
  std::vector<at::Tensor> out;
  at::Tensor h = features_list[0]->as<ConvNormActImpl>()->forward(x);
  out.push_back(h);  // stride 2
  for (size_t stage = 1; stage <= 7; ++stage) {
    for (const auto& block : *features_list[stage]->as<torch::nn::ModuleListImpl>())
      h = block->as<MBConvImpl>()->forward(h);
    if (stage == 2 || stage == 3 || stage == 5 || stage == 7) out.push_back(h);
  }
  return out;
}

at::Tensor EfficientNetEncoderImpl::class_input(const at::Tensor& deepest) {
  return features_list[8]->as<ConvNormActImpl>()->forward(deepest);
}

}  // namespace ves_multitask
