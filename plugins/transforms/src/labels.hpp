#pragma once
// Label-map value operations: remapping classes and thresholding probabilities.
#include <ATen/core/Tensor.h>

#include <map>
#include <optional>

namespace ves::transforms {

/// Replaces each value found in `mapping` by its target, reading the input only (so swaps such
/// as {1: 2, 2: 1} work). Unmapped values are kept, or set to `unmapped` when given. Keeps dtype.
at::Tensor remap_values(const at::Tensor& labels, const std::map<double, double>& mapping,
                        std::optional<double> unmapped);

/// 1 where `prob` >= `threshold`, else 0, as `dtype`.
at::Tensor threshold_mask(const at::Tensor& prob, double threshold, at::ScalarType dtype);

}  // namespace ves::transforms
