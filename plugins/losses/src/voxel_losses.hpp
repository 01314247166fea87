#pragma once
// Per-voxel losses: binary and multi-class cross-entropy (optionally top-k), focal loss.
#include <ATen/core/Tensor.h>

#include <vector>

namespace ves::losses {

/// Mean of the largest `fraction` (0, 1] of the values (at least one): OHEM / nnU-Net's TopK.
/// 1 gives the plain mean.
at::Tensor mean_of_largest(const at::Tensor& values, double fraction);

/// Binary cross-entropy with logits [B, 1, ...] against a target in [0, 1] of the same shape:
/// -(pos_weight y log p + (1 - y) log(1 - p)), reduced by mean_of_largest(top_k).
at::Tensor binary_cross_entropy(const at::Tensor& logits, const at::Tensor& target,
                                double pos_weight, double top_k);

/// Cross-entropy of logits [B, C, ...] against class indices [B, 1, ...]. With `class_weights`
/// (C values, or empty) each voxel's loss is multiplied by its true class's weight; top_k = 1
/// then divides by the summed weights (as torch's CrossEntropyLoss), top_k < 1 takes the plain
/// mean of the largest weighted losses (as nnU-Net's TopKLoss).
at::Tensor cross_entropy(const at::Tensor& logits, const at::Tensor& target,
                         const std::vector<double>& class_weights, double top_k);

/// Focal loss (Lin et al. 2017), mean over voxels of -alpha_t (1 - p_t)^gamma log(p_t).
/// Binary: p_t = p y + (1 - p)(1 - y), alpha_t = alpha y + (1 - alpha)(1 - y) (soft y allowed).
/// Multi-class: p_t = softmax probability of the true class, alpha_t = 1 - alpha for class 0
/// (background) and alpha for the others. alpha < 0 disables the weighting (alpha_t = 1).
at::Tensor focal_loss(const at::Tensor& logits, const at::Tensor& target, double gamma,
                      double alpha);

}  // namespace ves::losses
