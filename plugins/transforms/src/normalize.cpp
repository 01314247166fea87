// Percentiles and moments per channel over the masked voxels, in plain loops: one gather, two
// selections and one output pass per channel (tensor ops with masks cost several times more).
#include "normalize.hpp"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>

#include "ves/core/statistics.hpp"
#include "ves/core/error.hpp"

namespace ves::transforms {
namespace {

// Writes the normalised channel `in` (n voxels) to `out`; `mask` may be null (all voxels).
void normalize_channel(const float* in, const bool* mask, int64_t n, float* out,
                       const NormalizeOptions& options) {
  std::vector<float> inside;
  inside.reserve(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i)
    if (!mask || mask[i]) inside.push_back(in[i]);
  if (inside.empty()) {
    std::fill(out, out + n, 0.0f);
    return;
  }
  double lo = -INFINITY, hi = INFINITY;
  if (options.mode != NormalizeMode::ZScore) {
    lo = percentile(inside, options.lower);
    hi = percentile(inside, options.upper);
  }
  double offset = 0.0, scale = 1.0;
  if (options.mode == NormalizeMode::MinMax) {
    offset = lo;
    scale = hi > lo ? 1.0 / (hi - lo) : 0.0;
  } else {
    double sum = 0.0;
    for (float v : inside) sum += std::clamp<double>(v, lo, hi);
    const double mean = sum / static_cast<double>(inside.size());
    double squares = 0.0;
    for (float v : inside) {
      const double d = std::clamp<double>(v, lo, hi) - mean;
      squares += d * d;
    }
    offset = mean;
    scale = 1.0 / std::max(std::sqrt(squares / static_cast<double>(inside.size())), 1e-8);
  }
  for (int64_t i = 0; i < n; ++i) {
    out[i] = (!mask || mask[i])
                 ? static_cast<float>((std::clamp<double>(in[i], lo, hi) - offset) * scale)
                 : 0.0f;
  }
}

}  // namespace

NormalizeMode parse_normalize_mode(const std::string& name) {
  if (name == "zscore") return NormalizeMode::ZScore;
  if (name == "clip_zscore") return NormalizeMode::ClipZScore;
  if (name == "minmax") return NormalizeMode::MinMax;
  throw Error("unknown normalisation mode '" + name + "': expected zscore, clip_zscore or minmax");
}

at::Tensor normalize_channels(const at::Tensor& data, const NormalizeOptions& options) {
  const at::Tensor values = data.to(at::kCPU, at::kFloat).contiguous();
  at::Tensor out = at::empty_like(values);
  at::Tensor mask;
  if (options.nonzero) mask = (values != 0).any(0).contiguous();
  const int64_t n = values.numel() / std::max<int64_t>(values.size(0), 1);
  for (int64_t c = 0; c < values.size(0); ++c) {
    normalize_channel(values.data_ptr<float>() + c * n,
                      mask.defined() ? mask.data_ptr<bool>() : nullptr, n,
                      out.data_ptr<float>() + c * n, options);
  }
  return out.to(data.device());
}

}  // namespace ves::transforms
