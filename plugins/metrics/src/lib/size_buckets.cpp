#include "lib/size_buckets.hpp"

#include <sstream>

namespace ves::metrics {
namespace {

std::string number(double value) {
  std::ostringstream text;
  text << value;  // shortest form: 1, 0.5, 12.5
  return text.str();
}

}  // namespace

std::string size_bucket(double volume_ml, const std::vector<double>& thresholds_ml) {
  if (volume_ml <= 0) return "empty";
  if (thresholds_ml.empty()) return "nonempty";
  if (volume_ml < thresholds_ml.front()) return "<" + number(thresholds_ml.front()) + "mL";
  for (size_t i = 1; i < thresholds_ml.size(); ++i)
    if (volume_ml < thresholds_ml[i])
      return number(thresholds_ml[i - 1]) + "-" + number(thresholds_ml[i]) + "mL";
  return ">=" + number(thresholds_ml.back()) + "mL";
}

}  // namespace ves::metrics
