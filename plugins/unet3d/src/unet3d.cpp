#include "unet3d.hpp"

#include <ATen/ATen.h>

#include <algorithm>

#include "ves/core/error.hpp"
#include "ves/core/shape_text.hpp"

namespace ves_unet3d {
namespace {

// The Kaiming gain parameter: the activation's slope on negative inputs.
double negative_slope(const BlockOptions& block) {
  return block.activation == Activation::LeakyReLU ? block.negative_slope : 0.0;
}

}  // namespace

std::vector<int64_t> stage_channels(const UNet3dOptions& options) {
  std::vector<int64_t> channels;
  int64_t c = options.base_channels;
  for (int64_t level = 0; level <= options.depth; ++level) {
    channels.push_back(std::min(c, options.max_channels));
    if (c < options.max_channels) c *= 2;  // stops growing once capped, so it cannot overflow
  }
  return channels;
}

std::string groups_problem(const UNet3dOptions& o) {
  if (o.block.norm != Norm::Group) return {};
  if (o.block.groups < 1) return "must be at least 1";
  const auto channels = stage_channels(o);
  for (size_t level = 0; level < channels.size(); ++level) {
    if (channels[level] % o.block.groups != 0) {
      return "must divide the channels of every level, but " + std::to_string(o.block.groups) +
             " does not divide the " + std::to_string(channels[level]) + " of level " +
             std::to_string(level) + " (channels per level: " + ves::shape_text(channels) + ")";
    }
  }
  return {};
}

std::string check_options(const UNet3dOptions& o) {
  if (o.in_channels < 1) return "in_channels must be at least 1";
  if (o.out_channels < 1) return "out_channels must be at least 1";
  if (o.depth < 1) return "depth must be at least 1";
  if (o.base_channels < 1 || o.max_channels < 1)
    return "base_channels and max_channels must be >= 1";
  if (o.block.dropout < 0.0 || o.block.dropout >= 1.0) return "dropout must be in [0, 1)";
  if (const auto problem = groups_problem(o); !problem.empty()) return "groups " + problem;
  return {};
}

UNet3dImpl::UNet3dImpl(const UNet3dOptions& options) : options_(options) {
  if (const auto problem = check_options(options); !problem.empty()) {
    throw ves::Error("unet3d: " + problem);
  }
  const auto channels = stage_channels(options);
  const bool strided = options.down == Downsampling::Strided;
  for (int64_t level = 0; level <= options.depth; ++level) {
    const int64_t in = level == 0 ? options.in_channels : channels[level - 1];
    const int64_t stride = strided && level > 0 ? 2 : 1;
    encoder_->push_back(Stage(in, channels[level], stride, options.block));
  }
  for (int64_t level = 0; level < options.depth; ++level) {
    upsample_->push_back(Upsample(channels[level + 1], channels[level], options.up));
    decoder_->push_back(Stage(2 * channels[level], channels[level], 1, options.block));
  }
  const int64_t heads = options.deep_supervision ? options.depth : 1;
  for (int64_t level = 0; level < heads; ++level) {
    heads_->push_back(
        torch::nn::Conv3d(torch::nn::Conv3dOptions(channels[level], options.out_channels, 1)));
  }
  register_module("encoder", encoder_);
  register_module("upsample", upsample_);
  register_module("decoder", decoder_);
  register_module("heads", heads_);
  if (!strided) pool_ = register_module("pool", torch::nn::MaxPool3d(2));
  init_weights(*this, negative_slope(options.block));
}

void UNet3dImpl::check_input(const at::Tensor& x, const std::string& what) const {
  if (x.dim() != 5 || x.size(1) != options_.in_channels) {
    throw ves::DataError(
        "unet3d: " + what + " must be [B, " + std::to_string(options_.in_channels) +
        ", Z, Y, X] (in_channels: " + std::to_string(options_.in_channels) + "), got " +
        ves::shape_text(x.sizes()) + "; set in_channels to the data's channel count");
  }
}

std::vector<at::Tensor> UNet3dImpl::forward(const at::Tensor& x) {
  check_input(x, "the input");
  // Pad at the end of each axis to a multiple of 2^depth so every level halves exactly.
  const int64_t factor = int64_t{1} << options_.depth;
  const std::vector<int64_t> size(x.sizes().begin() + 2, x.sizes().end());
  std::vector<int64_t> pad;  // at::constant_pad_nd order: last axis first, (before, after)
  bool padded = false;
  for (int64_t axis = 2; axis >= 0; --axis) {
    const int64_t extra = (factor - size[axis] % factor) % factor;
    pad.insert(pad.end(), {0, extra});
    padded = padded || extra > 0;
  }
  at::Tensor h = padded ? at::constant_pad_nd(x, pad, 0.0) : x;

  std::vector<at::Tensor> skips;
  for (int64_t level = 0; level <= options_.depth; ++level) {
    if (level > 0 && pool_) h = pool_->forward(h);
    h = encoder_[level]->as<Stage>()->forward(h);
    skips.push_back(h);
  }
  std::vector<at::Tensor> outputs(static_cast<size_t>(heads_->size()));
  for (int64_t level = options_.depth - 1; level >= 0; --level) {
    h = upsample_[level]->as<Upsample>()->forward(h);
    h = decoder_[level]->as<Stage>()->forward(at::cat({skips[level], h}, 1));
    if (level < static_cast<int64_t>(heads_->size())) {
      at::Tensor logits = heads_[level]->as<torch::nn::Conv3d>()->forward(h);
      // Crop back: level l of an axis of n voxels covers ceil(n / 2^l) of them.
      for (int64_t axis = 0; axis < 3; ++axis) {
        const int64_t scale = int64_t{1} << level;
        logits = logits.narrow(axis + 2, 0, (size[axis] + scale - 1) / scale);
      }
      outputs[level] = padded ? logits.contiguous() : logits;
    }
  }
  return outputs;
}

}  // namespace ves_unet3d
