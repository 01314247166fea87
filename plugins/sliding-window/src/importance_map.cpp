// Gaussian and constant importance maps.
#include "importance_map.hpp"

#include <ATen/ATen.h>

namespace ves::sliding_window {

at::Tensor gaussian_importance(const std::vector<int64_t>& patch, double sigma_scale) {
  at::Tensor map = at::ones({}, at::kDouble);
  for (int64_t n : patch) {
    const double centre = static_cast<double>(n - 1) / 2.0;
    const double sigma = sigma_scale * static_cast<double>(n);
    const at::Tensor offsets = (at::arange(n, at::kDouble) - centre) / sigma;
    const at::Tensor profile = at::exp(-0.5 * offsets * offsets);
    map = map.unsqueeze(-1) * profile;  // outer product, axis by axis
  }
  map = map / map.max();
  return map.clamp_min(kMinimumImportance).to(at::kFloat).contiguous();
}

at::Tensor constant_importance(const std::vector<int64_t>& patch) {
  return at::ones(patch, at::kFloat);
}

}  // namespace ves::sliding_window
