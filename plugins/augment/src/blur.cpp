#include "blur.hpp"

#include <ATen/ATen.h>

#include <cmath>
#include <stdexcept>

#include "intensity.hpp"

namespace ves_augment {
namespace {

// dst = src convolved along tensor dimension `dim` with a symmetric kernel of odd length, the
// line extended by mirrored edges (scipy "reflect"). Each tap is one vectorised pass over a
// shifted view, plus a thin mirrored slab at each end; on CPU this beats at::conv1d/conv3d
// (im2col) and banded matmuls, and it allocates nothing.
void convolve_along(const at::Tensor& src, at::Tensor& dst, int64_t dim,
                    const std::vector<double>& weights) {
  const int64_t n = src.size(dim);
  const auto radius = static_cast<int64_t>(weights.size() / 2);  // < n, see blur_channels
  at::mul_out(dst, src, weights[static_cast<size_t>(radius)]);
  for (int64_t k = 1; k <= radius; ++k) {
    const double w = weights[static_cast<size_t>(radius + k)];
    dst.narrow(dim, 0, n - k).add_(src.narrow(dim, k, n - k), w);  // dst[i] += w src[i + k]
    dst.narrow(dim, k, n - k).add_(src.narrow(dim, 0, n - k), w);  // dst[i] += w src[i - k]
    // Past the ends the line is mirrored: src[n - 1 + j] -> src[n - j], src[-j] -> src[j - 1].
    dst.narrow(dim, n - k, k).add_(src.narrow(dim, n - k, k).flip(dim), w);
    dst.narrow(dim, 0, k).add_(src.narrow(dim, 0, k).flip(dim), w);
  }
}

// The kernel for one axis of `n` voxels; one wider than the line keeps its middle, renormalised.
std::vector<double> kernel_for(double sigma, double truncate, int64_t n) {
  auto weights = gaussian_kernel(sigma, truncate);
  const auto radius = static_cast<int64_t>(weights.size() / 2);
  if (radius >= n) {
    const auto cut = static_cast<std::ptrdiff_t>(radius - (n - 1));
    weights = std::vector<double>(weights.begin() + cut, weights.end() - cut);
    double sum = 0;
    for (const double w : weights) sum += w;
    for (double& w : weights) w /= sum;
  }
  return weights;
}

// Blurs every axis with a non-zero sigma, ping-ponging between at most two buffers: a fresh one
// and x's own when `reuse` (x may be overwritten), else a second fresh one. Returns x itself
// when no axis needed blurring.
at::Tensor blur_channels(at::Tensor x, const std::array<double, 3>& sigma, double truncate,
                         bool reuse) {
  const int64_t rank = x.dim() - 1;
  at::Tensor src = std::move(x), spare;
  bool src_is_ours = reuse;
  for (int64_t i = 0; i < rank; ++i) {  // x, y(, z): tensor dims rank, rank - 1, ...
    const int64_t dim = rank - i;
    const double s = sigma[static_cast<size_t>(i)];
    if (!(s > 0)) continue;
    const auto weights = kernel_for(s, truncate, src.size(dim));
    if (weights.size() == 1) continue;
    at::Tensor dst = spare.defined() ? spare : at::empty_like(src, at::MemoryFormat::Contiguous);
    convolve_along(src, dst, dim, weights);
    spare = src_is_ours ? src : at::Tensor();
    src = dst;
    src_is_ours = true;
  }
  return src;
}

}  // namespace

std::vector<double> gaussian_kernel(double sigma, double truncate) {
  if (!(sigma >= 0) || !(truncate > 0)) {
    throw std::invalid_argument("gaussian_kernel: sigma must be >= 0 and truncate > 0");
  }
  const auto radius = static_cast<int64_t>(truncate * sigma + 0.5);
  std::vector<double> w(static_cast<size_t>(2 * radius + 1));
  double sum = 0;
  for (int64_t k = -radius; k <= radius; ++k) {
    const double v = std::exp(-0.5 * static_cast<double>(k * k) / (sigma * sigma));
    w[static_cast<size_t>(k + radius)] = v;
    sum += v;
  }
  for (double& v : w) v /= sum;
  return w;
}

at::Tensor gaussian_blur(at::Tensor x, const std::vector<std::array<double, 3>>& sigmas,
                         double truncate) {
  if (x.dim() != 3 && x.dim() != 4) {
    throw std::invalid_argument("gaussian_blur: expected [C, Y, X] or [C, Z, Y, X] data");
  }
  if (!x.is_floating_point()) x = x.to(at::kFloat);
  if (sigmas.size() == 1) {
    const bool reuse = is_reusable(x);
    return blur_channels(std::move(x), sigmas[0], truncate, reuse);
  }
  if (static_cast<int64_t>(sigmas.size()) != x.size(0)) {
    throw std::invalid_argument("gaussian_blur: " + std::to_string(sigmas.size()) + " sigmas for " +
                                std::to_string(x.size(0)) + " channels");
  }
  std::vector<at::Tensor> channels;
  for (int64_t c = 0; c < x.size(0); ++c) {
    channels.push_back(
        blur_channels(x.narrow(0, c, 1), sigmas[static_cast<size_t>(c)], truncate, false));
  }
  return at::cat(channels, 0);
}

}  // namespace ves_augment
