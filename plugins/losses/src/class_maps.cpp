// Probabilities and one-hot targets shared by the overlap losses.
#include "class_maps.hpp"

#include <ATen/ATen.h>

namespace ves::losses {

at::Tensor class_indices(const at::Tensor& target) {
  return target.round().to(at::kLong).squeeze(1);
}

ClassMaps class_maps(const at::Tensor& logits, const at::Tensor& target, bool include_background) {
  if (logits.size(1) == 1) return {at::sigmoid(logits), target.to(at::kFloat).clamp(0.0, 1.0)};
  const at::Tensor probs = at::softmax(logits, 1);
  const at::Tensor one_hot =
      at::zeros_like(probs).scatter_(1, class_indices(target).unsqueeze(1), 1.0);
  if (include_background) return {probs, one_hot};
  return {probs.slice(1, 1), one_hot.slice(1, 1)};
}

}  // namespace ves::losses
