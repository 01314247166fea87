// Out-of-line destructor and default behaviours of the component interfaces. Keeping the key
// functions here puts the interfaces' vtables and type info in libvesalius, so dynamic_cast
// works across plugin libraries.
#include <cmath>

#include "ves/api/callback.hpp"
#include "ves/api/evaluator.hpp"
#include "ves/api/inferer.hpp"
#include "ves/api/loss.hpp"
#include "ves/api/model.hpp"
#include "ves/api/reader.hpp"
#include "ves/api/sampler.hpp"
#include "ves/api/stage.hpp"
#include "ves/api/transform.hpp"
#include "ves/api/writer.hpp"
#include "ves/core/error.hpp"

namespace ves {

Component::~Component() = default;

Volume Transform::invert(const Volume&, const TransformRecord&, bool) const {
  throw Error("internal: a transform that is not invertible was asked to invert a prediction");
}

std::map<std::string, Volume> Inferer::infer_by_role(
    const std::map<std::string, std::vector<Model*>>& models, const Sample& input) const {
  if (models.size() != 1) {
    std::string roles;
    for (const auto& [role, ensemble] : models) roles += (roles.empty() ? "" : ", ") + role;
    throw UsageError("this inferer takes one ensemble, not several roles (" + roles +
                     "): give `from:` one train stage, or use an inferer that combines models "
                     "trained apart, such as slice_fusion");
  }
  return infer(models.begin()->second, input);
}

std::vector<ParameterGroup> Model::parameter_groups() {
  return {ParameterGroup{"all", module().parameters(/*recurse=*/true), 1.0}};
}

ScalarMap Evaluator::aggregate(const std::vector<CaseMetrics>& cases) const {
  std::map<std::string, std::pair<double, double>> sums;  // sum, sum of squares
  std::map<std::string, int64_t> counts;
  for (const auto& c : cases) {
    for (const auto& [name, value] : c.values) {
      if (!std::isfinite(value)) continue;
      auto& s = sums[name];
      s.first += value;
      s.second += value * value;
      ++counts[name];
    }
  }
  ScalarMap summary;
  for (const auto& [name, s] : sums) {
    const double n = static_cast<double>(counts[name]);
    const double mean = s.first / n;
    summary[name] = mean;
    summary[name + "_std"] =
        n > 1 ? std::sqrt(std::max(0.0, (s.second - n * mean * mean) / (n - 1))) : 0.0;
  }
  summary["cases"] = static_cast<double>(cases.size());
  return summary;
}

}  // namespace ves
