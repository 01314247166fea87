#pragma once
// The vector quantiser of a VQ-VAE (van den Oord et al. 2017): each latent vector is replaced by
// its nearest code of a learned codebook; gradients pass straight through to the encoder. The
// codebook learns from the codebook loss, or from exponential moving averages of the vectors
// assigned to each code (EMA, Razavi et al. 2019); codes left unused can be restarted on
// encoder outputs.
#include <torch/nn/module.h>

#include <cstdint>

namespace ves_vqvae3d {

struct QuantizerOptions {
  int64_t codes = 512;        ///< codebook size K
  int64_t code_dim = 256;     ///< dimension D of each code (= latent channels)
  double commitment = 0.25;   ///< beta: weight of ||z - sg(e)||^2
  bool ema = false;           ///< EMA codebook updates instead of the codebook loss
  double decay = 0.99;        ///< EMA decay
  double epsilon = 1e-5;      ///< Laplace smoothing of the EMA cluster sizes
  bool restart_dead = false;  ///< move codes unused for a while onto random latent vectors
  double dead_usage = 0.03;   ///< dead: unused now and EMA share < dead_usage / codes
};

/// What quantising a batch gives.
struct Quantized {
  at::Tensor quantized;   ///< [B, D, ...]: z + sg(e - z) (straight-through), e in the forward
  at::Tensor loss;        ///< scalar: codebook loss (not with EMA) + beta * commitment loss
  at::Tensor indices;     ///< [B, ...] int64: the code of each latent vector
  double perplexity = 0;  ///< exp(entropy of the batch's code frequencies): K when uniform
  double usage = 0;       ///< share of the K codes used at least once in the batch
};

class VectorQuantizerImpl : public torch::nn::Module {
 public:
  explicit VectorQuantizerImpl(const QuantizerOptions& options);
  /// Quantises z [B, D, ...] (channels second). In training mode with EMA (or restarts) the
  /// codebook is updated from this batch.
  Quantized forward(const at::Tensor& z);
  /// The codebook [K, D].
  const at::Tensor& codebook() const { return codebook_; }
  const QuantizerOptions& options() const { return options_; }

 private:
  void update_ema(const at::Tensor& flat, const at::Tensor& one_hot);
  void restart_dead_codes(const at::Tensor& flat, const at::Tensor& counts);

  QuantizerOptions options_;
  at::Tensor codebook_;      // parameter (codebook loss) or buffer (EMA)
  at::Tensor cluster_size_;  // EMA of assignments per code [K]
  at::Tensor code_sum_;      // EMA of the sum of assigned vectors [K, D]
  at::Tensor usage_;         // EMA of each code's share of assignments [K] (dead-code restart)
};
TORCH_MODULE(VectorQuantizer);

}  // namespace ves_vqvae3d
