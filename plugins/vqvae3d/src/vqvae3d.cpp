#include "vqvae3d.hpp"

#include <ATen/ATen.h>
#include <torch/nn/init.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/dropout.h>

#include "ves/core/error.hpp"
#include "ves/core/shape_text.hpp"

namespace ves_vqvae3d {
namespace {

// conv (or transposed conv) -> BatchNorm -> LeakyReLU -> Dropout3d.
torch::nn::Sequential block(torch::nn::AnyModule conv, int64_t channels, const VqVae3dOptions& o) {
  torch::nn::Sequential s;
  s->push_back(std::move(conv));
  s->push_back(torch::nn::BatchNorm3d(channels));
  s->push_back(
      torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(o.negative_slope)));
  if (o.dropout > 0) s->push_back(torch::nn::Dropout3d(o.dropout));
  return s;
}

}  // namespace

std::string check_options(const VqVae3dOptions& o) {
  if (o.channels.empty()) return "channels must list at least one encoder stage";
  for (int64_t c : o.channels)
    if (c < 1) return "channels must all be positive";
  if (o.in_channels < 1) return "in_channels must be at least 1";
  if (o.quantizer.codes < 2) return "codes must be at least 2";
  if (o.quantizer.code_dim < 1) return "code_dim must be at least 1";
  if (o.dropout < 0 || o.dropout >= 1) return "dropout must be in [0, 1)";
  return "";
}

VqVae3dImpl::VqVae3dImpl(const VqVae3dOptions& options) : options_(options) {
  if (const auto problem = check_options(options); !problem.empty())
    throw ves::Error("vqvae3d: " + problem);
  const auto& ch = options.channels;
  int64_t in = options.in_channels;
  for (int64_t c : ch) {  // kernel 4, stride 2, padding 1: exactly halves each size
    encoder_->push_back(block(torch::nn::AnyModule(torch::nn::Conv3d(
                                  torch::nn::Conv3dOptions(in, c, 4).stride(2).padding(1))),
                              c, options));
    in = c;
  }
  const int64_t d = options.quantizer.code_dim;
  to_codes_ = torch::nn::Conv3d(torch::nn::Conv3dOptions(ch.back(), d, 1));
  quantizer_ = VectorQuantizer(options.quantizer);
  from_codes_ = torch::nn::Conv3d(torch::nn::Conv3dOptions(d, ch.back(), 1));
  for (size_t i = ch.size(); i-- > 1;) {
    decoder_->push_back(
        block(torch::nn::AnyModule(torch::nn::ConvTranspose3d(
                  torch::nn::ConvTranspose3dOptions(ch[i], ch[i - 1], 4).stride(2).padding(1))),
              ch[i - 1], options));
  }
  // The last stage doubles the size back to the input's and gives the output channels.
  decoder_->push_back(torch::nn::ConvTranspose3d(
      torch::nn::ConvTranspose3dOptions(ch.front(), options.in_channels, 4).stride(2).padding(1)));
  register_module("encoder", encoder_);
  register_module("to_codes", to_codes_);
  register_module("quantizer", quantizer_);
  register_module("from_codes", from_codes_);
  register_module("decoder", decoder_);
  for (auto& m : modules(false)) {
    if (auto* conv = m->as<torch::nn::Conv3d>()) {
      torch::nn::init::kaiming_normal_(conv->weight, options.negative_slope, torch::kFanOut,
                                       torch::kLeakyReLU);
      torch::nn::init::zeros_(conv->bias);
    }
  }
}

void VqVae3dImpl::check_input(const at::Tensor& x, const std::string& what) const {
  const int64_t factor = int64_t{1} << options_.channels.size();
  bool fits = x.dim() == 5 && x.size(1) == options_.in_channels;
  for (int64_t a = 2; fits && a < 5; ++a) fits = x.size(a) % factor == 0 && x.size(a) > 0;
  if (!fits) {
    throw ves::DataError(
        "vqvae3d: " + what + " must be [B, " + std::to_string(options_.in_channels) +
        ", Z, Y, X] with Z, Y, X multiples of " + std::to_string(factor) + " (" +
        std::to_string(options_.channels.size()) + " stride-2 stages), got " + ves::shape_text(x) +
        "; resize or pad the volumes (transform pad_crop) or change channels");
  }
}

at::Tensor VqVae3dImpl::encode(const at::Tensor& x) {
  at::Tensor h = x;
  for (auto& stage : *encoder_) h = stage->as<torch::nn::Sequential>()->forward(h);
  return to_codes_->forward(h);
}

VqVae3dOutput VqVae3dImpl::forward(const at::Tensor& x) {
  check_input(x, "the input");
  VqVae3dOutput out;
  out.quantized = quantizer_->forward(encode(x));
  at::Tensor h = from_codes_->forward(out.quantized.quantized);
  const size_t last = decoder_->size() - 1;
  for (size_t i = 0; i < last; ++i) h = (*decoder_)[i]->as<torch::nn::Sequential>()->forward(h);
  h = (*decoder_)[last]->as<torch::nn::ConvTranspose3d>()->forward(h);
  out.reconstruction = at::sigmoid(h);
  return out;
}

}  // namespace ves_vqvae3d
