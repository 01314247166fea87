#pragma once
// Probabilities and one-hot targets from logits: sigmoid for one channel, softmax for several.
#include <ATen/core/Tensor.h>

namespace ves::losses {

/// Per-class probabilities and targets of the same shape [B, K, ...], float32.
struct ClassMaps {
  at::Tensor probs;
  at::Tensor target;
};

/// Class index map [B, ...] (int64) from a target [B, 1, ...] of class indices (rounded).
at::Tensor class_indices(const at::Tensor& target);

/// Binary (logits [B, 1, ...]): sigmoid and the target clamped to [0, 1] (soft targets kept).
/// Multi-class (logits [B, C, ...], C > 1): softmax over channels and the one-hot target of the
/// class map [B, 1, ...]; channel 0 is dropped unless `include_background`.
ClassMaps class_maps(const at::Tensor& logits, const at::Tensor& target, bool include_background);

}  // namespace ves::losses
