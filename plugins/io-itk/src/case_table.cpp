// CSV/TSV parsing (RFC 4180 quoting, multi-line quoted cells) and YAML case lists.
#include "case_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <set>

#include "text.hpp"
#include "ves/config/loader.hpp"
#include "ves/config/node.hpp"
#include "ves/core/error.hpp"
#include "ves/engine/csv_table.hpp"

namespace ves::io_itk {
namespace {
namespace fs = std::filesystem;

[[noreturn]] void fail(const fs::path& file, size_t line, const std::string& problem) {
  throw DataError(line > 0 ? fmt::format("case table {}:{}: {}", file.string(), line, problem)
                           : fmt::format("case table {}: {}", file.string(), problem));
}

std::string scalar_text(const config::Node& node, const fs::path& file) {
  if (node.is_null()) return {};
  if (!node.is_scalar()) {
    fail(file, static_cast<size_t>(node.where().line),
         fmt::format("cell '{}' is a {}; table cells are single values", node.path(),
                     node.kind_name()));
  }
  return node.text();
}

CaseTable parse_yaml_table(const std::string& text, const fs::path& file) {
  config::Node root;
  try {
    root = config::parse_yaml(text, file.string());
  } catch (const Error& e) {
    throw DataError(fmt::format("case table {} is not valid YAML: {}", file.string(), e.what()));
  }
  const config::Node* list = &root;
  if (root.is_map() && root.has("cases")) list = root.find("cases");
  if (!list->is_sequence()) {
    fail(file, 0, "expected a list of cases (maps of column: value), or a map with cases: list");
  }
  CaseTable table;
  table.file = file;
  for (const config::Node& item : list->items()) {
    if (!item.is_map()) {
      fail(file, static_cast<size_t>(item.where().line),
           fmt::format("each case must be a map of column: value, got a {}", item.kind_name()));
    }
    std::map<std::string, std::string> row;
    for (const auto& [key, value] : item.entries()) {
      row[key] = scalar_text(value, file);
      if (!table.has_column(key)) table.columns.push_back(key);
    }
    table.rows.push_back(std::move(row));
    table.lines.push_back(static_cast<size_t>(item.where().line));
  }
  // A key missing from a case is an empty cell, as in a CSV row.
  for (auto& row : table.rows) {
    for (const std::string& column : table.columns) row.emplace(column, std::string());
  }
  return table;
}

}  // namespace

bool CaseTable::has_column(const std::string& name) const {
  return std::find(columns.begin(), columns.end(), name) != columns.end();
}

CaseTable parse_csv(const std::string& text, char delimiter, const fs::path& file) {
  std::vector<CsvRecord> records;
  try {
    records = parse_csv_records(text, delimiter, file.string());
  } catch (const DataError& e) {
    throw DataError(std::string("case table ") + e.what());
  }
  if (records.empty()) fail(file, 0, "the file is empty; the first line must name the columns");
  CaseTable table;
  table.file = file;
  std::set<std::string> seen;
  for (const std::string& name : records.front().cells) {
    if (name.empty()) fail(file, records.front().line, "a column has no name");
    if (!seen.insert(name).second) {
      fail(file, records.front().line, fmt::format("column '{}' appears twice", name));
    }
    table.columns.push_back(name);
  }
  for (size_t r = 1; r < records.size(); ++r) {
    const CsvRecord& record = records[r];
    if (record.cells.size() > table.columns.size()) {
      fail(file, record.line,
           fmt::format("{} cells but the header names {} columns", record.cells.size(),
                       table.columns.size()));
    }
    std::map<std::string, std::string> row;
    for (size_t c = 0; c < table.columns.size(); ++c) {
      row[table.columns[c]] = c < record.cells.size() ? record.cells[c] : std::string();
    }
    table.rows.push_back(std::move(row));
    table.lines.push_back(record.line);
  }
  return table;
}

CaseTable read_case_table(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw DataError(fmt::format("cannot read case table {}: {}", file.string(),
                                fs::exists(file) ? "the file cannot be opened" : "no such file"));
  }
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string extension = lower(file.extension().string());
  if (extension == ".yaml" || extension == ".yml") return parse_yaml_table(text, file);
  if (extension == ".csv") return parse_csv(text, ',', file);
  if (extension == ".tsv") return parse_csv(text, '\t', file);
  throw DataError(
      fmt::format("cannot read case table {}: unknown extension; use .csv, .tsv, "
                  ".yaml or .yml",
                  file.string()));
}

}  // namespace ves::io_itk
