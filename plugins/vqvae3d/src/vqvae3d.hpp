#pragma once
// The 3-D VQ-VAE of recipe B: an encoder of stride-2 stages (conv -> BatchNorm -> LeakyReLU ->
// dropout), a vector quantiser on the latent grid, and a mirrored decoder of transposed
// convolutions ending in a sigmoid, so a 128^3 input in [0, 1] gives a 256 x 8^3 latent and a
// 128^3 reconstruction.
#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/conv.h>

#include <string>
#include <vector>

#include "vector_quantizer.hpp"

namespace ves_vqvae3d {

struct VqVae3dOptions {
  int64_t in_channels = 1;
  std::vector<int64_t> channels{32, 64, 128, 256};  ///< per encoder stage (each halves the size)
  double negative_slope = 0.2;                      ///< of the leaky ReLUs
  double dropout = 0.1;                             ///< Dropout3d after each stage (0 = none)
  QuantizerOptions quantizer;                       ///< code_dim: a 1x1x1 conv adapts channels
};

/// The problem with `options` as one sentence naming the option, or "" when they are valid.
std::string check_options(const VqVae3dOptions& options);

/// What one forward pass gives.
struct VqVae3dOutput {
  at::Tensor reconstruction;  ///< [B, in_channels, Z, Y, X] in (0, 1)
  Quantized quantized;        ///< latent codes, VQ loss, perplexity, usage
};

class VqVae3dImpl : public torch::nn::Module {
 public:
  /// Throws ves::Error with check_options' sentence when the options are invalid.
  explicit VqVae3dImpl(const VqVae3dOptions& options);
  /// x [B, in_channels, Z, Y, X] with every spatial size a multiple of 2^stages.
  VqVae3dOutput forward(const at::Tensor& x);
  /// The latent before quantisation, [B, code_dim, Z/2^s, Y/2^s, X/2^s].
  at::Tensor encode(const at::Tensor& x);
  /// Throws ves::DataError naming `what` unless x is [B, in_channels, Z, Y, X] with sizes that
  /// the stages divide.
  void check_input(const at::Tensor& x, const std::string& what) const;
  const VqVae3dOptions& options() const { return options_; }
  VectorQuantizer& quantizer() { return quantizer_; }

 private:
  VqVae3dOptions options_;
  torch::nn::ModuleList encoder_;
  torch::nn::Conv3d to_codes_{nullptr};
  VectorQuantizer quantizer_{nullptr};
  torch::nn::Conv3d from_codes_{nullptr};
  torch::nn::ModuleList decoder_;
};
TORCH_MODULE(VqVae3d);

}  // namespace ves_vqvae3d
