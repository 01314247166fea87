#pragma once
// From probabilities to a label map, and the Dice score used to validate during training.
#include <ATen/core/Tensor.h>

namespace ves::stages {

/// Label map [1, ...] (uint8) from probabilities [C, ...]: one channel = prob >= threshold,
/// several = argmax over channels (channel 0 is the background).
at::Tensor prediction_mask(const at::Tensor& prob, double threshold);

/// Mean Dice over the foreground labels of `reference` and `prediction` (label maps [1, ...]);
/// 1 when both are empty (a correct "no lesion" answer), 0 when exactly one is.
double mean_dice(const at::Tensor& prediction, const at::Tensor& reference);

}  // namespace ves::stages
