#pragma once
// Percentiles with linear interpolation between order statistics (numpy's default method).
#include <vector>

namespace ves::transforms {

/// The `p`-th percentile (0..100) of `values`, which it reorders; NaN when empty. O(n).
double percentile(std::vector<float>& values, double p);

}  // namespace ves::transforms
