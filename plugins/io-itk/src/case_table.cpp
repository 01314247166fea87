// CSV/TSV parsing (RFC 4180 quoting, multi-line quoted cells) and YAML case lists.
#include "case_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <set>

#include "ves/config/loader.hpp"
#include "ves/config/node.hpp"
#include "ves/core/error.hpp"

namespace ves::io_itk {
namespace {
namespace fs = std::filesystem;

std::string trim(const std::string& text) {
  size_t begin = 0, end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  return text.substr(begin, end - begin);
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

[[noreturn]] void fail(const fs::path& file, size_t line, const std::string& problem) {
  throw DataError(line > 0 ? fmt::format("case table {}:{}: {}", file.string(), line, problem)
                           : fmt::format("case table {}: {}", file.string(), problem));
}

struct Record {
  size_t line = 0;
  std::vector<std::string> cells;
};

std::vector<Record> split_records(const std::string& text, char delimiter, const fs::path& file) {
  std::vector<Record> records;
  Record record;
  std::string cell;
  bool quoted = false;      // inside quotes
  bool was_quoted = false;  // this cell was quoted: keep its spaces
  size_t line = 1;
  record.line = 1;
  auto end_cell = [&] {
    record.cells.push_back(was_quoted ? cell : trim(cell));
    cell.clear();
    was_quoted = false;
  };
  auto end_record = [&] {
    end_cell();
    const bool blank = record.cells.size() == 1 && record.cells[0].empty();
    if (!blank) records.push_back(std::move(record));
    record = Record{};
    record.line = line + 1;
  };
  size_t start = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;  // UTF-8 byte order mark
  for (size_t i = start; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        cell += c;
      }
    } else if (c == '"' && trim(cell).empty()) {
      quoted = true;
      was_quoted = true;
      cell.clear();
    } else if (c == delimiter) {
      end_cell();
    } else if (c == '\n') {
      end_record();
      ++line;
    } else if (c != '\r') {
      cell += c;
    }
  }
  if (quoted) fail(file, record.line, "a quoted cell is not closed");
  if (!cell.empty() || !record.cells.empty()) end_record();
  return records;
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
  std::vector<Record> records = split_records(text, delimiter, file);
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
    const Record& record = records[r];
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
