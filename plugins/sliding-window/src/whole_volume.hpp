#pragma once
// One forward pass over the whole case, for cases small enough to fit: the image is padded to a
// multiple of the network's downsampling factor and the prediction cropped back.
#include <ATen/core/Tensor.h>

#include <functional>

namespace ves::sliding_window {

/// Probabilities [1, C', padded...] of a batch [1, C, padded...].
using BatchPredictor = std::function<at::Tensor(const at::Tensor& batch)>;

/// `predict` on `image` [C, spatial...] zero-padded at the end of each axis to a multiple of
/// `divisor`, cropped back: [C', spatial...] float32 on the image's device.
at::Tensor predict_whole(const at::Tensor& image, int64_t divisor, const BatchPredictor& predict);

}  // namespace ves::sliding_window
