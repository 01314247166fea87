// Two selections instead of a sort: volumes have tens of millions of voxels.
#include "percentile.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ves::transforms {

double percentile(std::vector<float>& values, double p) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double position =
      std::clamp(p, 0.0, 100.0) / 100.0 * static_cast<double>(values.size() - 1);
  const auto k = static_cast<size_t>(std::floor(position));
  const double fraction = position - static_cast<double>(k);
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
  const double low = values[k];
  if (fraction == 0.0) return low;
  // After nth_element everything past k is >= values[k]; the next order statistic is their min.
  const double high =
      *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(k) + 1, values.end());
  return low + fraction * (high - low);
}

}  // namespace ves::transforms
