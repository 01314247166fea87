#include "blocks.hpp"

#include <torch/nn/functional/instancenorm.h>  // instancenorm.h below needs it first
#include <torch/nn/functional/upsampling.h>
#include <torch/nn/init.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/instancenorm.h>
#include <torch/nn/modules/normalization.h>

#include <string>
#include <utility>

namespace ves_unet3d {
namespace {

void add_norm(torch::nn::Sequential& layers, std::string name, int64_t channels,
              const BlockOptions& options) {
  switch (options.norm) {
    case Norm::Instance:
      layers->push_back(
          std::move(name),
          torch::nn::InstanceNorm3d(torch::nn::InstanceNorm3dOptions(channels).affine(true)));
      break;
    case Norm::Group:
      layers->push_back(std::move(name), torch::nn::GroupNorm(options.groups, channels));
      break;
    case Norm::Batch:
      layers->push_back(std::move(name), torch::nn::BatchNorm3d(channels));
      break;
  }
}

void add_activation(torch::nn::Sequential& layers, std::string name, const BlockOptions& options) {
  if (options.activation == Activation::ReLU) {
    layers->push_back(std::move(name), torch::nn::ReLU(torch::nn::ReLUOptions(/*inplace=*/true)));
  } else {
    // In place halves activation memory; autograd refuses it for a slope <= 0.
    const bool inplace = options.negative_slope > 0.0;
    layers->push_back(
        std::move(name),
        torch::nn::LeakyReLU(
            torch::nn::LeakyReLUOptions().negative_slope(options.negative_slope).inplace(inplace)));
  }
}

}  // namespace

StageImpl::StageImpl(int64_t in_channels, int64_t out_channels, int64_t stride,
                     const BlockOptions& options) {
  using torch::nn::Conv3dOptions;
  layers_->push_back(
      "conv1",
      torch::nn::Conv3d(Conv3dOptions(in_channels, out_channels, 3).stride(stride).padding(1)));
  add_norm(layers_, "norm1", out_channels, options);
  add_activation(layers_, "act1", options);
  if (options.dropout > 0.0) {
    layers_->push_back("dropout", torch::nn::Dropout3d(options.dropout));
  }
  layers_->push_back("conv2",
                     torch::nn::Conv3d(Conv3dOptions(out_channels, out_channels, 3).padding(1)));
  add_norm(layers_, "norm2", out_channels, options);
  add_activation(layers_, "act2", options);
  register_module("layers", layers_);
}

at::Tensor StageImpl::forward(const at::Tensor& x) {
  return layers_->forward(x);
}

UpsampleImpl::UpsampleImpl(int64_t in_channels, int64_t out_channels, Upsampling kind)
    : kind_(kind) {
  if (kind == Upsampling::Transposed) {
    transposed_ = register_module(
        "transposed",
        torch::nn::ConvTranspose3d(
            torch::nn::ConvTranspose3dOptions(in_channels, out_channels, 2).stride(2)));
  } else {
    projection_ = register_module(
        "projection", torch::nn::Conv3d(torch::nn::Conv3dOptions(in_channels, out_channels, 1)));
  }
}

at::Tensor UpsampleImpl::forward(const at::Tensor& x) {
  if (kind_ == Upsampling::Transposed) return transposed_->forward(x);
  namespace F = torch::nn::functional;
  const auto up = F::interpolate(x, F::InterpolateFuncOptions()
                                        .scale_factor(std::vector<double>{2.0, 2.0, 2.0})
                                        .mode(torch::kTrilinear)
                                        .align_corners(false));
  return projection_->forward(up);
}

void init_weights(torch::nn::Module& module, double a) {
  for (const auto& child : module.modules(/*include_self=*/false)) {
    at::Tensor weight, bias;
    if (auto* conv = child->as<torch::nn::Conv3d>()) {
      weight = conv->weight;
      bias = conv->bias;
    } else if (auto* up = child->as<torch::nn::ConvTranspose3d>()) {
      weight = up->weight;
      bias = up->bias;
    } else {
      continue;
    }
    torch::nn::init::kaiming_normal_(weight, a, torch::kFanIn, torch::kLeakyReLU);
    if (bias.defined()) torch::nn::init::zeros_(bias);
  }
}

}  // namespace ves_unet3d
