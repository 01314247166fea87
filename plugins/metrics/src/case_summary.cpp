#include "case_summary.hpp"

#include <cmath>
#include <limits>
#include <set>
#include <string>

#include "lib/lesions.hpp"

namespace ves::metrics {
namespace {

bool tag_is(const CaseMetrics& c, const char* tag, const char* value) {
  const auto it = c.tags.find(tag);
  return it != c.tags.end() && it->second == value;
}

double ratio(int64_t numerator, int64_t denominator) {
  if (denominator == 0) return std::numeric_limits<double>::quiet_NaN();
  return static_cast<double>(numerator) / static_cast<double>(denominator);
}

}  // namespace

void add_micro_lesion_scores(const std::vector<CaseMetrics>& cases, EmptyScore no_lesions,
                             ScalarMap& summary) {
  const std::string prefix = "lesion_tp";
  std::set<std::string> suffixes;  // "" (binary or mean over labels) and "_<label>"
  for (const auto& c : cases)
    for (const auto& [name, value] : c.values)
      if (name.rfind(prefix, 0) == 0) suffixes.insert(name.substr(prefix.size()));

  for (const auto& suffix : suffixes) {
    double tp = 0, fp = 0, fn = 0;
    bool any = false;
    for (const auto& c : cases) {
      const auto t = c.values.find("lesion_tp" + suffix);
      const auto p = c.values.find("lesion_fp" + suffix);
      const auto n = c.values.find("lesion_fn" + suffix);
      if (t == c.values.end() || p == c.values.end() || n == c.values.end()) continue;
      tp += t->second;
      fp += p->second;
      fn += n->second;
      any = true;
    }
    if (!any) continue;
    const LesionScores micro = detection_scores(tp, fp, fn, no_lesions);
    summary["lesion_precision" + suffix + "_micro"] = micro.precision;
    summary["lesion_recall" + suffix + "_micro"] = micro.recall;
    summary["lesion_f1" + suffix + "_micro"] = micro.f1;
  }
}

void add_case_rates(const std::vector<CaseMetrics>& cases, ScalarMap& summary) {
  int64_t positive = 0, detected = 0, empty = 0, false_alarms = 0;
  for (const auto& c : cases) {
    if (tag_is(c, kEmptyReferenceTag, "no")) {
      ++positive;
      detected += tag_is(c, kDetectedTag, "yes");
    } else if (tag_is(c, kEmptyReferenceTag, "yes")) {
      ++empty;
      false_alarms += tag_is(c, kEmptyPredictionTag, "no");
    }
  }
  summary["detection_rate"] = ratio(detected, positive);
  summary["false_alarm_rate"] = ratio(false_alarms, empty);
  summary["reference_positive_cases"] = static_cast<double>(positive);
  summary["reference_empty_cases"] = static_cast<double>(empty);
}

}  // namespace ves::metrics
