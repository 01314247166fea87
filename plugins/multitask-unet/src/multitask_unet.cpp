// Forward pass and input checks of the multitask attention U-Net.
#include "multitask_unet.hpp"

#include <ATen/ATen.h>
#include <fmt/format.h>

#include "efficientnet_encoder.hpp"
#include "resnet_encoder.hpp"
#include "ves/core/error.hpp"
#include "ves/core/shape_text.hpp"

namespace ves_multitask {

MultitaskUNetImpl::MultitaskUNetImpl(const MultitaskOptions& options) : options_(options) {
  if (options_.decoder_channels.size() != 5)
    throw ves::UsageError(fmt::format(
        "multitask_unet: decoder_channels needs 5 values (one per upsampling from stride 32 to "
        "full resolution), got {}",
        options_.decoder_channels.size()));
  std::shared_ptr<EncoderImpl> built;
  if (options_.encoder == EncoderKind::EfficientNetB0)
    built = std::make_shared<EfficientNetEncoderImpl>(options_.in_channels);
  else
    built = std::make_shared<ResNetEncoderImpl>(options_.encoder, options_.in_channels);
  encoder = register_module("encoder", built);
  decoder = register_module(
      "decoder",
      AttentionDecoder(encoder->channels(), options_.decoder_channels, options_.attention));
  seg_head = register_module(
      "seg_head", torch::nn::Conv2d(torch::nn::Conv2dOptions(options_.decoder_channels.back(),
                                                             options_.seg_channels, 3)
                                        .padding(1)));
  class_dropout = register_module("class_dropout", torch::nn::Dropout(options_.dropout));
  classifier =
      register_module("classifier", torch::nn::Linear(encoder->class_channels(), options_.classes));
  if (options_.freeze_encoder)
    for (auto& p : encoder->parameters()) p.set_requires_grad(false);
}

void MultitaskUNetImpl::check_input(const at::Tensor& x, const std::string& what) const {
  if (x.dim() != 4 || x.size(1) != options_.in_channels || x.size(2) % 32 != 0 ||
      x.size(3) % 32 != 0 || x.size(2) == 0 || x.size(3) == 0)
    throw ves::DataError(fmt::format(
        "multitask_unet: {} has shape {}; the network needs 2-D slices [B, {}, H, W] with H and W "
        "multiples of 32 (slice 3-D cases with sampler slices, resize them, e.g. "
        "{{type: resize, size: [256, 256]}}, and set in_channels to the number of HU windows)",
        what, ves::shape_text(x), options_.in_channels));
}

std::pair<at::Tensor, at::Tensor> MultitaskUNetImpl::forward(const at::Tensor& x) {
  const std::vector<at::Tensor> features = encoder->features(x);
  const at::Tensor pooled = encoder->class_input(features.back()).mean({2, 3});
  at::Tensor class_logits = classifier->forward(class_dropout->forward(pooled));
  at::Tensor seg_logits = seg_head->forward(decoder->forward(features));
  return {std::move(class_logits), std::move(seg_logits)};
}

void MultitaskUNetImpl::train(bool on) {
  torch::nn::Module::train(on);
  if (options_.freeze_encoder) encoder->eval();
}

}  // namespace ves_multitask
