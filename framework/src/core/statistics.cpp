// Two selections instead of a sort: volumes have tens of millions of voxels.
#include "ves/core/statistics.hpp"

#include <ATen/ops/empty.h>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>
#include <stdexcept>

namespace ves {
namespace {

/// NN of "pNN" when it is a number within 0..100.
std::optional<double> percentile_of(const std::string& name) {
  if (name.size() < 2 || name[0] != 'p') return std::nullopt;
  char* end = nullptr;
  const double q = std::strtod(name.c_str() + 1, &end);
  if (!end || *end != '\0' || !(q >= 0.0 && q <= 100.0)) return std::nullopt;
  return q;
}

}  // namespace

double percentile(std::vector<float>& values, double p) {
  // numpy gives NaN when any value is NaN; NaN would also break nth_element's ordering.
  if (values.empty() || std::any_of(values.begin(), values.end(), [](float v) { return v != v; }))
    return std::numeric_limits<double>::quiet_NaN();
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

bool is_summary_statistic(const std::string& name) {
  return name == "mean" || name == "max" || name == "min" || percentile_of(name).has_value();
}

double summary_statistic(const at::Tensor& values, const std::string& name) {
  if (!is_summary_statistic(name))
    throw std::invalid_argument("'" + name + "' is not a statistic (mean, max, min or pNN)");
  if (values.numel() == 0) return std::numeric_limits<double>::quiet_NaN();
  const at::Tensor flat = values.detach().to(at::kCPU, at::kFloat).contiguous().flatten();
  if (name == "mean") return flat.to(at::kDouble).mean().item<double>();
  if (name == "max") return flat.max().item<double>();
  if (name == "min") return flat.min().item<double>();
  std::vector<float> copy(flat.data_ptr<float>(), flat.data_ptr<float>() + flat.numel());
  return percentile(copy, *percentile_of(name));
}

}  // namespace ves
