#include "metrics_log.hpp"

#include <algorithm>
#include <cstdlib>

#include "ves/engine/csv_table.hpp"

namespace ves::stages {

namespace {

/// Columns in reading order: epoch, lr, losses, validation metrics, timing, then the rest.
int column_rank(const std::string& name) {
  if (name == "lr") return 0;
  if (name == "loss") return 1;
  if (name.rfind("loss_", 0) == 0) return 2;
  if (name.rfind("val_", 0) == 0) return 3;
  if (name == "seconds" || name == "samples_per_s" || name == "data_wait_s") return 5;
  return 4;
}

}  // namespace

void MetricsLog::resume(int64_t epoch) {
  rows_.clear();
  if (!std::filesystem::exists(file_)) return;
  const CsvTable table = read_csv(file_);
  for (size_t r = 0; r < table.rows(); ++r) {
    const int64_t row_epoch = std::atoll(table.get(r, "epoch").c_str());
    if (row_epoch < 1 || row_epoch > epoch) continue;
    ScalarMap values;
    for (const auto& column : table.columns()) {
      const std::string text = table.get(r, column);
      if (column != "epoch" && !text.empty()) values[column] = std::strtod(text.c_str(), nullptr);
    }
    rows_.emplace_back(row_epoch, std::move(values));
  }
}

void MetricsLog::add(int64_t epoch, const ScalarMap& values) {
  rows_.erase(std::remove_if(rows_.begin(), rows_.end(),
                             [&](const auto& row) { return row.first >= epoch; }),
              rows_.end());
  rows_.emplace_back(epoch, values);
  write();
}

void MetricsLog::write() const {
  std::vector<std::string> columns;
  for (const auto& [epoch, values] : rows_)
    for (const auto& [name, value] : values)
      if (std::find(columns.begin(), columns.end(), name) == columns.end()) columns.push_back(name);
  std::stable_sort(columns.begin(), columns.end(), [](const auto& a, const auto& b) {
    return column_rank(a) != column_rank(b) ? column_rank(a) < column_rank(b) : a < b;
  });
  CsvTable table;
  for (const auto& [epoch, values] : rows_) {
    table.add_row();
    table.set("epoch", std::to_string(epoch));
    for (const auto& name : columns) {
      const auto it = values.find(name);
      table.set(name, it == values.end() ? std::string() : format_number(it->second));
    }
  }
  table.write(file_);
}

}  // namespace ves::stages
