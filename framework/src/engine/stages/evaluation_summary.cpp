#include "evaluation_summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <sstream>

namespace ves::stages {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

nlohmann::ordered_json number(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  return value;
}

double value_of(const nlohmann::ordered_json& j) {
  if (j.is_number()) return j.get<double>();
  if (j.is_string()) {
    const auto s = j.get<std::string>();
    if (s == "inf") return std::numeric_limits<double>::infinity();
    if (s == "-inf") return -std::numeric_limits<double>::infinity();
  }
  return kNaN;
}

std::string setting(const Evaluator& evaluator, const std::string& key,
                    const std::string& fallback) {
  const auto settings = evaluator.settings();
  const auto it = settings.find(key);
  return it == settings.end() ? fallback : it->second;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

bool tag_is(const CaseMetrics& c, const std::string& tag, const std::string& value) {
  const auto it = c.tags.find(tag);
  return it != c.tags.end() && it->second == value;
}

double find_or_nan(const ScalarMap& values, const std::string& name) {
  const auto it = values.find(name);
  return it == values.end() ? kNaN : it->second;
}

// mean, median, std (sample, n - 1), min, max and n over the finite values; n = 0: only n.
nlohmann::ordered_json statistics(std::vector<double> values) {
  values.erase(
      std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }),
      values.end());
  nlohmann::ordered_json out = {{"n", values.size()}};
  if (values.empty()) {
    for (const char* key : {"mean", "median", "std", "min", "max"}) out[key] = "nan";
    return out;
  }
  std::sort(values.begin(), values.end());
  const double n = static_cast<double>(values.size());
  double sum = 0;
  for (double v : values) sum += v;
  const double mean = sum / n;
  double squares = 0;
  for (double v : values) squares += (v - mean) * (v - mean);
  const size_t mid = values.size() / 2;
  out["mean"] = mean;
  out["median"] = values.size() % 2 ? values[mid] : 0.5 * (values[mid - 1] + values[mid]);
  out["std"] = values.size() > 1 ? std::sqrt(squares / (n - 1.0)) : 0.0;
  out["min"] = values.front();
  out["max"] = values.back();
  return out;
}

double mean_of_finite(const std::vector<double>& values) {
  double sum = 0;
  int64_t n = 0;
  for (double v : values)
    if (std::isfinite(v)) {
      sum += v;
      ++n;
    }
  return n ? sum / static_cast<double>(n) : kNaN;
}

// The metric columns in report order: the evaluator's `metrics` first (each followed by its
// per-label columns "<metric>_<label>"), then any other name alphabetically.
std::vector<std::string> metric_order(const std::vector<CaseMetrics>& cases,
                                      const Evaluator& evaluator) {
  std::set<std::string> present;
  for (const auto& c : cases)
    for (const auto& [name, value] : c.values) present.insert(name);
  std::vector<std::string> order;
  std::set<std::string> placed;
  for (const auto& name : split_list(setting(evaluator, "metrics", ""))) {
    if (present.count(name) && placed.insert(name).second) order.push_back(name);
    for (const auto& other : present)
      if (other.rfind(name + "_", 0) == 0 && !placed.count(other)) {
        const std::string rest = other.substr(name.size() + 1);
        if (!rest.empty() && std::all_of(rest.begin(), rest.end(), ::isdigit)) {
          order.push_back(other);
          placed.insert(other);
        }
      }
  }
  for (const auto& name : present)
    if (!placed.count(name)) order.push_back(name);
  return order;
}

// The cases whose values enter means: all, or those without an empty reference.
std::vector<const CaseMetrics*> counted_cases(const std::vector<CaseMetrics>& cases,
                                              bool include_empty_reference) {
  std::vector<const CaseMetrics*> out;
  for (const auto& c : cases)
    if (include_empty_reference || !tag_is(c, "empty_reference", "yes")) out.push_back(&c);
  return out;
}

// "missed": a reference lesion and no true-positive voxel; otherwise whichever error is larger.
std::string error_type(const CaseMetrics& c) {
  const double tp = find_or_nan(c.values, "tp"), fp = find_or_nan(c.values, "fp"),
               fn = find_or_nan(c.values, "fn");
  if (std::isnan(tp) || std::isnan(fp) || std::isnan(fn)) return "unknown";
  if (tp == 0 && fn > 0) return "missed";
  if (fp == 0 && fn == 0) return "none";
  return fp > fn ? "false_positive_dominated" : "false_negative_dominated";
}

nlohmann::ordered_json worst_cases(const std::vector<const CaseMetrics*>& cases,
                                   const std::string& metric, bool maximise, int count) {
  std::vector<const CaseMetrics*> scored;
  for (const auto* c : cases)
    if (!std::isnan(find_or_nan(c->values, metric))) scored.push_back(c);
  std::stable_sort(scored.begin(), scored.end(), [&](const CaseMetrics* a, const CaseMetrics* b) {
    const double va = find_or_nan(a->values, metric), vb = find_or_nan(b->values, metric);
    return maximise ? va < vb : va > vb;
  });
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (size_t i = 0; i < scored.size() && static_cast<int>(i) < count; ++i)
    out.push_back({{"case", scored[i]->case_id},
                   {metric, number(find_or_nan(scored[i]->values, metric))},
                   {"error_type", error_type(*scored[i])}});
  return out;
}

// Per threshold: the mean of every metric over the counted cases.
nlohmann::ordered_json threshold_table(const std::vector<const CaseMetrics*>& cases,
                                       const std::vector<std::string>& names) {
  std::set<double> thresholds;
  for (const auto* c : cases)
    for (const auto& [t, values] : c->sweep) thresholds.insert(t);
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (double t : thresholds) {
    nlohmann::ordered_json row = {{"threshold", t}};
    for (const auto& name : names) {
      std::vector<double> values;
      bool any = false;
      for (const auto* c : cases) {
        const auto at = c->sweep.find(t);
        if (at == c->sweep.end()) continue;
        const auto it = at->second.find(name);
        if (it == at->second.end()) continue;
        values.push_back(it->second);
        any = true;
      }
      if (any) row[name] = number(mean_of_finite(values));
    }
    rows.push_back(row);
  }
  return rows;
}

nlohmann::ordered_json best_threshold(const nlohmann::ordered_json& rows, const std::string& metric,
                                      bool maximise) {
  nlohmann::ordered_json best = nullptr;
  double best_value = kNaN;
  for (const auto& row : rows) {
    if (!row.contains(metric)) continue;
    const double v = value_of(row[metric]);
    if (std::isnan(v)) continue;
    if (std::isnan(best_value) || (maximise ? v > best_value : v < best_value)) {
      best_value = v;
      best = row["threshold"];
    }
  }
  return best;
}

// Per tag and tag value: number of cases and the mean of every metric over them.
nlohmann::ordered_json breakdowns(const std::vector<const CaseMetrics*>& cases,
                                  const std::vector<std::string>& names) {
  std::map<std::string, std::map<std::string, std::vector<const CaseMetrics*>>> groups;
  for (const auto* c : cases)
    for (const auto& [tag, value] : c->tags) groups[tag][value].push_back(c);
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& [tag, by_value] : groups)
    for (const auto& [value, members] : by_value) {
      nlohmann::ordered_json entry = {{"n", members.size()}};
      for (const auto& name : names) {
        std::vector<double> values;
        for (const auto* c : members) values.push_back(find_or_nan(c->values, name));
        entry[name] = number(mean_of_finite(values));
      }
      out[tag][value] = entry;
    }
  return out;
}

}  // namespace

CsvTable case_metrics_table(const std::vector<CaseMetrics>& cases, const Evaluator& evaluator) {
  const auto names = metric_order(cases, evaluator);
  std::set<std::string> tags;
  for (const auto& c : cases)
    for (const auto& [k, v] : c.tags) tags.insert(k);
  CsvTable table;
  for (const auto& c : cases) {
    table.add_row();
    table.set("case", c.case_id);
    for (const auto& name : names) {
      const auto it = c.values.find(name);
      if (it == c.values.end())
        table.set(name, std::string());
      else
        table.set(name, it->second);
    }
    for (const auto& k : tags) {
      const auto it = c.tags.find(k);
      table.set(k, it == c.tags.end() ? std::string() : it->second);
    }
  }
  return table;
}

nlohmann::ordered_json summarize_evaluation(const std::vector<CaseMetrics>& cases,
                                            const std::vector<FailedCase>& failed,
                                            const Evaluator& evaluator, int worst_count) {
  const auto settings = evaluator.settings();
  const bool include_empty = setting(evaluator, "include_empty_reference", "true") != "false";
  const std::string select_by = setting(evaluator, "select_by", "dice");
  const bool maximise = setting(evaluator, "select_goal", "max") != "min";
  const auto counted = counted_cases(cases, include_empty);
  const auto names = metric_order(cases, evaluator);

  nlohmann::ordered_json summary = nlohmann::ordered_json::object();
  summary["convention"] = setting(evaluator, "convention", "");
  summary["n_cases"] = cases.size();
  summary["n_cases_in_means"] = counted.size();
  nlohmann::ordered_json settings_json = nlohmann::ordered_json::object();
  for (const auto& [key, value] : settings) settings_json[key] = value;
  summary["settings"] = settings_json;

  nlohmann::ordered_json metrics = nlohmann::ordered_json::object();
  for (const auto& name : names) {
    std::vector<double> values;
    for (const auto* c : counted) values.push_back(find_or_nan(c->values, name));
    metrics[name] = statistics(values);
  }
  summary["metrics"] = metrics;

  const nlohmann::ordered_json rows = threshold_table(counted, names);
  summary["thresholds"] = rows;
  summary["best_threshold"] = best_threshold(rows, select_by, maximise);
  summary["best_threshold_metric"] = select_by;

  // The evaluator's own aggregates that are not per-case statistics (rates, areas, micro scores).
  const ScalarMap aggregate = evaluator.aggregate(cases);
  const std::set<std::string> metric_set(names.begin(), names.end());
  nlohmann::ordered_json others = nlohmann::ordered_json::object();
  for (const auto& [name, value] : aggregate) {
    const bool is_std = name.size() > 4 && name.compare(name.size() - 4, 4, "_std") == 0 &&
                        metric_set.count(name.substr(0, name.size() - 4));
    if (name == "cases" || metric_set.count(name) || is_std) continue;
    others[name] = number(value);
  }
  summary["detection_rate"] = others.value("detection_rate", nlohmann::ordered_json("nan"));
  summary["false_alarm_rate"] = others.value("false_alarm_rate", nlohmann::ordered_json("nan"));
  others.erase("detection_rate");
  others.erase("false_alarm_rate");
  summary["aggregates"] = others;

  summary["breakdowns"] = breakdowns(counted, names);
  summary["worst_cases"] = worst_cases(counted, select_by, maximise, worst_count);
  nlohmann::ordered_json failures = nlohmann::ordered_json::array();
  for (const auto& f : failed) failures.push_back({{"case", f.case_id}, {"reason", f.reason}});
  summary["failed_cases"] = failures;
  return summary;
}

std::string summary_table_text(const nlohmann::ordered_json& summary) {
  std::string out =
      fmt::format("{:<22} {:>10} {:>10} {:>10} {:>5}\n", "metric", "mean", "median", "std", "n");
  const auto cell = [](const nlohmann::ordered_json& j) {
    const double v = value_of(j);
    return std::isnan(v) ? std::string("nan") : fmt::format("{:.4f}", v);
  };
  for (const auto& [name, stats] : summary["metrics"].items())
    out += fmt::format("{:<22} {:>10} {:>10} {:>10} {:>5}\n", name, cell(stats["mean"]),
                       cell(stats["median"]), cell(stats["std"]), stats["n"].get<int64_t>());
  out += fmt::format("cases: {} ({} in means), failed: {}; detection rate {}, false alarm rate {}",
                     summary["n_cases"].get<int64_t>(), summary["n_cases_in_means"].get<int64_t>(),
                     summary["failed_cases"].size(), cell(summary["detection_rate"]),
                     cell(summary["false_alarm_rate"]));
  if (!summary["best_threshold"].is_null())
    out += fmt::format("; best threshold by {}: {}",
                       summary["best_threshold_metric"].get<std::string>(),
                       cell(summary["best_threshold"]));
  return out + "\n";
}

}  // namespace ves::stages
