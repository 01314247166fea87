// CSV output with proper quoting and round-trippable numbers.
#include "ves/engine/csv_table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ves/engine/run_directory.hpp"

namespace ves {

std::string format_number(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[32];
  for (int precision = 6; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  return buffer;
}

void CsvTable::add_row() {
  rows_.emplace_back();
}

void CsvTable::set(const std::string& column, const std::string& value) {
  if (rows_.empty()) add_row();
  if (std::find(columns_.begin(), columns_.end(), column) == columns_.end())
    columns_.push_back(column);
  rows_.back()[column] = value;
}

void CsvTable::set(const std::string& column, double value) {
  set(column, format_number(value));
}

namespace {
std::string quoted(const std::string& cell) {
  if (cell.find_first_of(",\"\n\r") == std::string::npos) return cell;
  std::string out = "\"";
  for (char c : cell) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}
}  // namespace

std::string CsvTable::text() const {
  std::string out;
  for (size_t c = 0; c < columns_.size(); ++c) out += (c ? "," : "") + quoted(columns_[c]);
  out += "\n";
  for (const auto& row : rows_) {
    for (size_t c = 0; c < columns_.size(); ++c) {
      const auto it = row.find(columns_[c]);
      out += (c ? "," : "") + (it == row.end() ? std::string() : quoted(it->second));
    }
    out += "\n";
  }
  return out;
}

void CsvTable::write(const std::filesystem::path& path) const {
  write_file_atomic(path, text());
}

}  // namespace ves
