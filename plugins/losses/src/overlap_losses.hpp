#pragma once
// Region-overlap losses on soft predictions: Dice, Tversky, focal Tversky.
#include <ATen/core/Tensor.h>

namespace ves::losses {

struct DiceOptions {
  double smooth = 1e-5;             ///< added to numerator and denominator
  bool batch_dice = false;          ///< sums over the whole batch (nnU-Net) instead of per sample
  bool include_background = false;  ///< multi-class: also score class 0
};

/// 1 - (2 sum(p g) + smooth) / (sum(p) + sum(g) + smooth), per sample and class (or per class
/// over the batch), then the mean. Logits [B, C, ...] float32, target [B, 1, ...] (see class_maps).
at::Tensor soft_dice_loss(const at::Tensor& logits, const at::Tensor& target,
                          const DiceOptions& options);

struct TverskyOptions {
  double alpha = 0.3;  ///< weight of false positives
  double beta = 0.7;   ///< weight of false negatives
  double smooth = 1e-5;
  bool include_background = false;
};

/// TI = (TP + smooth) / (TP + alpha FP + beta FN + smooth) with soft counts, per sample and
/// class: a tensor [B, K].
at::Tensor tversky_index(const at::Tensor& logits, const at::Tensor& target,
                         const TverskyOptions& options);

/// mean(1 - TI).
at::Tensor tversky_loss(const at::Tensor& logits, const at::Tensor& target,
                        const TverskyOptions& options);

/// mean((1 - TI)^gamma) (Abraham & Khan 2019 use gamma = 0.75).
at::Tensor focal_tversky_loss(const at::Tensor& logits, const at::Tensor& target,
                              const TverskyOptions& options, double gamma);

}  // namespace ves::losses
