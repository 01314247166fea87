#pragma once
// Summaries of a volume's values: percentiles (numpy's default method), mean, max, by name.
#include <ATen/core/Tensor.h>

#include <string>
#include <vector>

namespace ves {

/// The `p`-th percentile (0..100) of `values`, which it reorders; linear interpolation between
/// order statistics as numpy's default; NaN when empty or when any value is NaN. O(n).
double percentile(std::vector<float>& values, double p);
/// True for the names summary_statistic knows: "mean", "max", "min" and "pNN" (0 <= NN <= 100,
/// e.g. p99, p99.5).
bool is_summary_statistic(const std::string& name);
/// The named summary of every value of `values` (any shape and device); NaN when empty.
/// Throws std::invalid_argument for an unknown name.
double summary_statistic(const at::Tensor& values, const std::string& name);

}  // namespace ves
