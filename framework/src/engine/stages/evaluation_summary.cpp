#include "evaluation_summary.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace ves::stages {

CsvTable case_metrics_table(const std::vector<CaseMetrics>& cases) {
  std::set<std::string> tags, metrics;
  for (const auto& c : cases) {
    for (const auto& [k, v] : c.tags) tags.insert(k);
    for (const auto& [k, v] : c.values) metrics.insert(k);
  }
  CsvTable table;
  for (const auto& c : cases) {
    table.add_row();
    table.set("case", c.case_id);
    for (const auto& k : tags) {
      const auto it = c.tags.find(k);
      table.set(k, it == c.tags.end() ? std::string() : it->second);
    }
    for (const auto& k : metrics) {
      const auto it = c.values.find(k);
      if (it == c.values.end())
        table.set(k, std::string());
      else
        table.set(k, it->second);
    }
  }
  return table;
}

nlohmann::json summarize_metrics(const std::vector<CaseMetrics>& cases,
                                 const ScalarMap& aggregate) {
  std::map<std::string, std::vector<double>> values;
  for (const auto& c : cases)
    for (const auto& [k, v] : c.values) {
      auto& list = values[k];
      if (std::isfinite(v)) list.push_back(v);
    }
  nlohmann::json metrics = nlohmann::json::object();
  for (auto& [name, list] : values) {
    nlohmann::json entry = {{"count", list.size()}};
    if (!list.empty()) {
      std::sort(list.begin(), list.end());
      const double n = static_cast<double>(list.size());
      double sum = 0.0;
      for (double v : list) sum += v;
      const double mean = sum / n;
      double squares = 0.0;
      for (double v : list) squares += (v - mean) * (v - mean);
      const size_t mid = list.size() / 2;
      entry["mean"] = mean;
      entry["std"] = list.size() > 1 ? std::sqrt(squares / (n - 1.0)) : 0.0;
      entry["median"] = list.size() % 2 ? list[mid] : 0.5 * (list[mid - 1] + list[mid]);
      entry["min"] = list.front();
      entry["max"] = list.back();
    }
    metrics[name] = entry;
  }
  for (const auto& [name, value] : aggregate) {
    const bool derived = name == "cases" || values.count(name) ||
                         (name.size() > 4 && name.compare(name.size() - 4, 4, "_std") == 0 &&
                          values.count(name.substr(0, name.size() - 4)));
    if (!derived)
      metrics[name] = {{"value", std::isfinite(value) ? nlohmann::json(value) : nlohmann::json()}};
  }
  return {{"cases", cases.size()}, {"metrics", metrics}};
}

}  // namespace ves::stages
