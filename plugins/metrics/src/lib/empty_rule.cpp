#include "lib/empty_rule.hpp"

#include <limits>
#include <stdexcept>

namespace ves::metrics {

EmptyScore parse_empty_score(const std::string& name) {
  if (name == "one") return EmptyScore::One;
  if (name == "nan") return EmptyScore::NaN;
  throw std::invalid_argument("unknown empty-mask score '" + name + "': expected one or nan");
}

double empty_score_value(EmptyScore rule) {
  return rule == EmptyScore::One ? 1.0 : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace ves::metrics
