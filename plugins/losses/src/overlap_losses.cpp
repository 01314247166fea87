// Soft Dice and Tversky losses.
#include "overlap_losses.hpp"

#include <ATen/ATen.h>

#include <vector>

#include "class_maps.hpp"

namespace ves::losses {
namespace {

// Dimensions summed over: the spatial ones, and the batch too when `batch` is set.
std::vector<int64_t> reduced_dims(int64_t rank, bool batch) {
  std::vector<int64_t> dims;
  if (batch) dims.push_back(0);
  for (int64_t d = 2; d < rank; ++d) dims.push_back(d);
  return dims;
}

}  // namespace

at::Tensor soft_dice_loss(const at::Tensor& logits, const at::Tensor& target,
                          const DiceOptions& options) {
  const ClassMaps maps = class_maps(logits, target, options.include_background);
  const auto dims = reduced_dims(logits.dim(), options.batch_dice);
  const at::Tensor intersection = (maps.probs * maps.target).sum(dims);
  const at::Tensor sizes = maps.probs.sum(dims) + maps.target.sum(dims);
  const at::Tensor dice = (2.0 * intersection + options.smooth) / (sizes + options.smooth);
  return 1.0 - dice.mean();
}

at::Tensor tversky_index(const at::Tensor& logits, const at::Tensor& target,
                         const TverskyOptions& options) {
  const ClassMaps maps = class_maps(logits, target, options.include_background);
  const auto dims = reduced_dims(logits.dim(), false);
  const at::Tensor tp = (maps.probs * maps.target).sum(dims);
  const at::Tensor fp = (maps.probs * (1.0 - maps.target)).sum(dims);
  const at::Tensor fn = ((1.0 - maps.probs) * maps.target).sum(dims);
  return (tp + options.smooth) / (tp + options.alpha * fp + options.beta * fn + options.smooth);
}

at::Tensor tversky_loss(const at::Tensor& logits, const at::Tensor& target,
                        const TverskyOptions& options) {
  return (1.0 - tversky_index(logits, target, options)).mean();
}

at::Tensor focal_tversky_loss(const at::Tensor& logits, const at::Tensor& target,
                              const TverskyOptions& options, double gamma) {
  // Clamped so a perfect prediction (1 - TI = 0) has gradient 0, not 0 * inf, when gamma < 1.
  const at::Tensor miss = (1.0 - tversky_index(logits, target, options)).clamp_min(1e-12);
  return miss.pow(gamma).mean();
}

}  // namespace ves::losses
