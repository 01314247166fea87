#include "intensity.hpp"

#include <ATen/ATen.h>

#include <algorithm>
#include <stdexcept>

namespace ves_augment {
namespace {

// `values` as a tensor that broadcasts over x: [C, 1, ...] (C = 1 or one per channel).
at::Tensor broadcastable(const at::Tensor& x, const std::vector<double>& values) {
  if (values.size() != 1 && static_cast<int64_t>(values.size()) != x.size(0)) {
    throw std::invalid_argument("augment: " + std::to_string(values.size()) +
                                " parameter values for a tensor of " + std::to_string(x.size(0)) +
                                " channels");
  }
  std::vector<int64_t> shape(static_cast<size_t>(x.dim()), 1);
  shape[0] = static_cast<int64_t>(values.size());
  return at::tensor(values, at::kDouble).to(x.options()).view(shape);
}

bool per_channel(const std::vector<double>& values) {
  return values.size() > 1;
}

bool all_equal(const std::vector<double>& values, double v) {
  return std::all_of(values.begin(), values.end(), [v](double x) { return x == v; });
}

// Per-channel statistics as [C, 1, ...] so they broadcast over x.
at::Tensor channel_view(const at::Tensor& x, const at::Tensor& per_channel_values) {
  std::vector<int64_t> shape(static_cast<size_t>(x.dim()), 1);
  shape[0] = x.size(0);
  return per_channel_values.view(shape);
}

// x itself when it may be overwritten, else a float copy to work on.
at::Tensor writable(at::Tensor x) {
  if (is_reusable(x)) return x;
  return x.is_floating_point() ? x.clone(at::MemoryFormat::Contiguous) : x.to(at::kFloat);
}

}  // namespace

bool is_reusable(const at::Tensor& x) {
  return x.defined() && x.is_floating_point() && !x.requires_grad() && x.use_count() == 1 &&
         x.storage().use_count() == 1 && x.storage().resizable() &&
         x.is_non_overlapping_and_dense();
}

at::Tensor multiply(at::Tensor x, const std::vector<double>& factors) {
  if (!x.is_floating_point()) x = x.to(at::kFloat);
  const bool reuse = is_reusable(x);
  if (!per_channel(factors)) return reuse ? x.mul_(factors.at(0)) : x * factors.at(0);
  const at::Tensor f = broadcastable(x, factors);
  return reuse ? x.mul_(f) : x * f;
}

at::Tensor add(at::Tensor x, const std::vector<double>& offsets) {
  if (!x.is_floating_point()) x = x.to(at::kFloat);
  const bool reuse = is_reusable(x);
  if (!per_channel(offsets)) return reuse ? x.add_(offsets.at(0)) : x + offsets.at(0);
  const at::Tensor b = broadcastable(x, offsets);
  return reuse ? x.add_(b) : x + b;
}

at::Tensor adjust_contrast(at::Tensor x, const std::vector<double>& contrast,
                           const std::vector<double>& brightness, bool preserve_range) {
  if (!x.is_floating_point()) x = x.to(at::kFloat);
  const bool channels = per_channel(contrast) || per_channel(brightness);
  at::Tensor mean, lo, hi;
  {  // statistics first; the view must be gone before x may be overwritten
    const at::Tensor flat = x.reshape({x.size(0), -1});
    mean = channels ? channel_view(x, flat.mean(1)) : x.mean();
    if (preserve_range && channels) {
      const auto [l, h] = at::aminmax(flat, 1);
      lo = channel_view(x, l);
      hi = channel_view(x, h);
    } else if (preserve_range) {
      std::tie(lo, hi) = at::aminmax(x);
    }
  }
  const at::Tensor c = broadcastable(x, contrast);
  // (x - m) c + m + b = x c + (m (1 - c) + b): one pass over the data.
  const at::Tensor shift = mean * (1 - c) + broadcastable(x, brightness);
  at::Tensor out = writable(std::move(x)).mul_(c).add_(shift);
  if (preserve_range) out = channels ? out.clamp_(lo, hi) : out.clamp_(lo.item(), hi.item());
  return out;
}

at::Tensor adjust_gamma(at::Tensor x, const std::vector<double>& gammas) {
  if (all_equal(gammas, 1.0)) return writable(std::move(x));
  if (!x.is_floating_point()) x = x.to(at::kFloat);
  at::Tensor lo, hi;
  if (per_channel(gammas)) {
    const auto [l, h] = at::aminmax(x.reshape({x.size(0), -1}), 1);
    lo = channel_view(x, l);
    hi = channel_view(x, h);
  } else {
    std::tie(lo, hi) = at::aminmax(x);
  }
  // A constant channel has range 0: clamping keeps u = 0 there, so it comes back unchanged.
  const at::Tensor range = (hi - lo).clamp_min(1e-12);
  at::Tensor u = is_reusable(x) ? x.sub_(lo) : x - lo;
  u.div_(range);
  u = per_channel(gammas) ? u.pow_(broadcastable(u, gammas)) : u.pow_(gammas.at(0));
  return u.mul_(range).add_(lo);
}

at::Tensor add_gaussian_noise(at::Tensor x, const std::vector<double>& stds,
                              at::Generator generator) {
  if (!x.is_floating_point()) x = x.to(at::kFloat);
  if (all_equal(stds, 0.0)) return writable(std::move(x));
  at::Tensor noise = at::randn(x.sizes(), generator, x.options().device(at::kCPU));
  if (!x.device().is_cpu()) noise = noise.to(x.device());
  if (per_channel(stds)) {
    noise.mul_(broadcastable(x, stds));
  } else {
    noise.mul_(stds.at(0));
  }
  return noise.add_(x);
}

}  // namespace ves_augment
