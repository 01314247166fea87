#include "vector_quantizer.hpp"

#include <ATen/ATen.h>
#include <torch/nn/init.h>
#include <torch/nn/pimpl.h>

#include <cmath>

namespace ves_vqvae3d {
namespace {

// z [B, D, ...] -> [N, D] with the channel last.
at::Tensor flatten_latents(const at::Tensor& z) {
  std::vector<int64_t> order{0};
  for (int64_t d = 2; d < z.dim(); ++d) order.push_back(d);
  order.push_back(1);
  return z.permute(order).reshape({-1, z.size(1)});
}

// [N, D] back to z's layout [B, D, ...].
at::Tensor unflatten_latents(const at::Tensor& flat, const at::Tensor& like) {
  std::vector<int64_t> shape{like.size(0)};
  for (int64_t d = 2; d < like.dim(); ++d) shape.push_back(like.size(d));
  shape.push_back(like.size(1));
  std::vector<int64_t> order{0, like.dim() - 1};
  for (int64_t d = 1; d < like.dim() - 1; ++d) order.push_back(d);
  return flat.reshape(shape).permute(order).contiguous();
}

}  // namespace

VectorQuantizerImpl::VectorQuantizerImpl(const QuantizerOptions& options) : options_(options) {
  const int64_t k = options.codes, d = options.code_dim;
  auto initial = torch::empty({k, d});
  torch::nn::init::uniform_(initial, -1.0 / static_cast<double>(k), 1.0 / static_cast<double>(k));
  if (options.ema) {
    codebook_ = register_buffer("codebook", initial);
    // One pseudo-assignment per code to start: code_sum / cluster_size is the initial codebook,
    // so a code nobody picks stays where it is instead of being divided by ~0.
    cluster_size_ = register_buffer("cluster_size", torch::ones({k}));
    code_sum_ = register_buffer("code_sum", initial.clone());
  } else {
    codebook_ = register_parameter("codebook", initial);
  }
  if (options.restart_dead)
    usage_ = register_buffer("usage", torch::full({k}, 1.0 / static_cast<double>(k)));
}

Quantized VectorQuantizerImpl::forward(const at::Tensor& z) {
  const at::Tensor flat = flatten_latents(z);
  // Squared distances ||z||^2 - 2 z.e + ||e||^2 to every code, then the nearest.
  const at::Tensor distances = flat.pow(2).sum(1, true) - 2 * at::matmul(flat, codebook_.t()) +
                               codebook_.pow(2).sum(1).unsqueeze(0);
  const at::Tensor indices = distances.argmin(1);
  const at::Tensor one_hot = at::one_hot(indices, options_.codes).to(flat.dtype());
  const at::Tensor counts = one_hot.sum(0).detach();

  // The codes that won the argmin, read before this batch updates the codebook (a copy).
  const at::Tensor chosen = at::index_select(codebook_, 0, indices);  // [N, D]
  const at::Tensor commitment = at::mse_loss(flat, chosen.detach());
  at::Tensor loss = options_.commitment * commitment;
  if (!options_.ema) loss = loss + at::mse_loss(chosen, flat.detach());

  if (is_training() && options_.ema) {
    torch::NoGradGuard no_grad;
    update_ema(flat.detach(), one_hot);
  }
  if (is_training() && options_.restart_dead) {
    torch::NoGradGuard no_grad;
    restart_dead_codes(flat.detach(), counts);
  }

  Quantized out;
  const at::Tensor straight_through = flat + (chosen - flat).detach();
  out.quantized = unflatten_latents(straight_through, z);
  out.loss = loss;
  std::vector<int64_t> index_shape{z.size(0)};
  for (int64_t d = 2; d < z.dim(); ++d) index_shape.push_back(z.size(d));
  out.indices = indices.reshape(index_shape);
  const at::Tensor p = counts / std::max<double>(1.0, static_cast<double>(flat.size(0)));
  out.perplexity = at::exp(-(p * at::log(p + 1e-10)).sum()).item<double>();
  out.usage = (counts > 0).sum().item<double>() / static_cast<double>(options_.codes);
  return out;
}

void VectorQuantizerImpl::update_ema(const at::Tensor& flat, const at::Tensor& one_hot) {
  const double decay = options_.decay;
  cluster_size_.mul_(decay).add_(one_hot.sum(0), 1.0 - decay);
  code_sum_.mul_(decay).add_(at::matmul(one_hot.t(), flat), 1.0 - decay);
  // Laplace smoothing keeps unused codes from dividing by zero.
  const at::Tensor n = cluster_size_.sum();
  const at::Tensor smoothed = (cluster_size_ + options_.epsilon) /
                              (n + static_cast<double>(options_.codes) * options_.epsilon) * n;
  codebook_.copy_(code_sum_ / smoothed.unsqueeze(1));
}

void VectorQuantizerImpl::restart_dead_codes(const at::Tensor& flat, const at::Tensor& counts) {
  const double share_decay = 0.99;
  usage_.mul_(share_decay).add_(counts / static_cast<double>(flat.size(0)), 1.0 - share_decay);
  // Dead: a moving-average share below dead_usage x the uniform share 1/K, and unused now.
  const double limit = options_.dead_usage / static_cast<double>(options_.codes);
  const at::Tensor dead = ((usage_ < limit) & (counts == 0)).nonzero().flatten();
  const int64_t n_dead = dead.size(0);
  if (n_dead == 0) return;
  // Each dead code moves onto a random latent vector of this batch (the global torch generator,
  // seeded by the run).
  const at::Tensor pick = at::randint(flat.size(0), {n_dead}, flat.options().dtype(at::kLong));
  const at::Tensor fresh = at::index_select(flat, 0, pick);
  codebook_.index_copy_(0, dead, fresh);
  usage_.index_fill_(0, dead, 1.0 / static_cast<double>(options_.codes));
  if (options_.ema) {
    code_sum_.index_copy_(0, dead, fresh);
    cluster_size_.index_fill_(0, dead, 1.0);
  }
}

}  // namespace ves_vqvae3d
