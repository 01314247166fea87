// Cross-entropy, top-k selection and focal loss.
#include "voxel_losses.hpp"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>

#include "class_maps.hpp"

namespace ves::losses {
namespace {

// Where (1 - p_t)^gamma has a base of exactly 0, a gamma < 1 would give 0 * inf gradients.
constexpr double kTiny = 1e-12;

at::Tensor weights_tensor(const std::vector<double>& values, const at::Tensor& like) {
  return at::tensor(values, at::TensorOptions().dtype(at::kDouble))
      .to(like.options().dtype(at::kFloat));
}

}  // namespace

at::Tensor mean_of_largest(const at::Tensor& values, double fraction) {
  if (fraction >= 1.0) return values.mean();
  const at::Tensor flat = values.reshape(-1);
  const int64_t n = flat.numel();
  // The small epsilon keeps e.g. 0.3 * 10 = 3.0000000000000004 -> 3 and 0.29 * 100 -> 29.
  const auto k = std::clamp<int64_t>(static_cast<int64_t>(std::floor(fraction * n + 1e-6)), 1, n);
  return std::get<0>(at::topk(flat, k, 0, true, false)).mean();
}

at::Tensor binary_cross_entropy(const at::Tensor& logits, const at::Tensor& target,
                                double pos_weight, double top_k) {
  const at::Tensor y = target.to(at::kFloat).clamp(0.0, 1.0);
  const at::Tensor pw = at::full({}, pos_weight, logits.options().dtype(at::kFloat));
  const at::Tensor per_voxel =
      at::binary_cross_entropy_with_logits(logits, y, {}, pw, at::Reduction::None);
  return mean_of_largest(per_voxel, top_k);
}

at::Tensor cross_entropy(const at::Tensor& logits, const at::Tensor& target,
                         const std::vector<double>& class_weights, double top_k) {
  const at::Tensor classes = class_indices(target);
  const at::Tensor nll = -at::log_softmax(logits, 1).gather(1, classes.unsqueeze(1)).squeeze(1);
  if (class_weights.empty()) return mean_of_largest(nll, top_k);
  const at::Tensor voxel_weights = weights_tensor(class_weights, logits)
                                       .index_select(0, classes.reshape(-1))
                                       .view(classes.sizes());
  const at::Tensor weighted = nll * voxel_weights;
  if (top_k >= 1.0) return weighted.sum() / voxel_weights.sum();
  return mean_of_largest(weighted, top_k);
}

at::Tensor focal_loss(const at::Tensor& logits, const at::Tensor& target, double gamma,
                      double alpha) {
  if (logits.size(1) == 1) {
    const at::Tensor y = target.to(at::kFloat).clamp(0.0, 1.0);
    const at::Tensor p = at::sigmoid(logits);
    const at::Tensor pt = p * y + (1.0 - p) * (1.0 - y);
    // -log(p_t) as the stable BCE with logits (equal for hard targets; torchvision's choice).
    const at::Tensor ce =
        at::binary_cross_entropy_with_logits(logits, y, {}, {}, at::Reduction::None);
    at::Tensor loss = (1.0 - pt).clamp_min(kTiny).pow(gamma) * ce;
    if (alpha >= 0) loss = loss * (alpha * y + (1.0 - alpha) * (1.0 - y));
    return loss.mean();
  }
  const at::Tensor classes = class_indices(target).unsqueeze(1);
  const at::Tensor log_pt = at::log_softmax(logits, 1).gather(1, classes);
  at::Tensor loss = -(1.0 - log_pt.exp()).clamp_min(kTiny).pow(gamma) * log_pt;
  if (alpha >= 0) loss = loss * (alpha + (1.0 - 2.0 * alpha) * (classes == 0).to(at::kFloat));
  return loss.mean();
}

}  // namespace ves::losses
