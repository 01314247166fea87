#pragma once
// Intensity windows (CT "HU windows"): one output channel per window, scaled to [0, 1].
#include <ATen/core/Tensor.h>

#include <utility>
#include <vector>

namespace ves::transforms {

/// A [min, max] window of input values.
using Window = std::pair<double, double>;

/// For each input channel, then each window: clip to [min, max] and map linearly to [0, 1].
/// [C, ...] -> [C * windows, ...] float32.
at::Tensor apply_windows(const at::Tensor& data, const std::vector<Window>& windows);

}  // namespace ves::transforms
