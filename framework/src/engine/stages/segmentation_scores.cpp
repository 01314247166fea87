#include "segmentation_scores.hpp"

#include <ATen/ATen.h>

namespace ves::stages {

at::Tensor prediction_mask(const at::Tensor& prob, double threshold) {
  if (prob.size(0) == 1) return prob.ge(threshold).to(at::kByte);
  return prob.argmax(0, /*keepdim=*/true).to(at::kByte);
}

double mean_dice(const at::Tensor& prediction, const at::Tensor& reference) {
  const at::Tensor pred = prediction.to(at::kCPU).to(at::kLong);
  const at::Tensor ref = reference.to(at::kCPU).round().to(at::kLong);
  const int64_t labels = std::max(pred.max().item<int64_t>(), ref.max().item<int64_t>());
  if (labels <= 0) return 1.0;
  double sum = 0.0;
  int64_t count = 0;
  for (int64_t label = 1; label <= labels; ++label) {
    const at::Tensor p = pred.eq(label);
    const at::Tensor r = ref.eq(label);
    const double both = p.logical_and(r).sum().item<double>();
    const double total = p.sum().item<double>() + r.sum().item<double>();
    if (total == 0.0) continue;  // a label absent from both says nothing
    sum += 2.0 * both / total;
    ++count;
  }
  return count == 0 ? 1.0 : sum / static_cast<double>(count);
}

}  // namespace ves::stages
