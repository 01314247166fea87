// CSV input: case tables and fold files written by people and spreadsheets.
#include <fstream>
#include <sstream>

#include "ves/core/error.hpp"
#include "ves/engine/csv_table.hpp"

namespace ves {

namespace {
// Splits the whole text into records of cells, honouring quotes (which may span lines).
std::vector<std::pair<size_t, std::vector<std::string>>> parse_records(
    const std::string& text, const std::filesystem::path& path) {
  std::vector<std::pair<size_t, std::vector<std::string>>> records;
  std::vector<std::string> cells;
  std::string cell;
  bool quoted = false, any = false;
  size_t line = 1, record_line = 1;
  auto end_record = [&] {
    if (any || !cell.empty() || !cells.empty()) {
      cells.push_back(cell);
      records.emplace_back(record_line, cells);
    }
    cells.clear();
    cell.clear();
    any = false;
  };
  for (size_t i = 0; i < text.size(); ++i) {
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
    } else if (c == '"') {
      quoted = any = true;
    } else if (c == ',') {
      cells.push_back(cell);
      cell.clear();
      any = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_record();
      record_line = ++line;
    } else {
      cell += c;
      any = true;
    }
  }
  if (quoted)
    throw DataError(path.string() + ":" + std::to_string(record_line) +
                    ": a quoted cell is never closed");
  end_record();
  return records;
}
}  // namespace

CsvTable read_csv(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(path.string() + ": cannot open the CSV file (does it exist?)");
  std::ostringstream text;
  text << in.rdbuf();
  std::string content = text.str();
  if (content.rfind("\xEF\xBB\xBF", 0) == 0) content.erase(0, 3);  // spreadsheet BOM
  const auto records = parse_records(content, path);
  if (records.empty()) throw DataError(path.string() + ": the CSV file is empty (no header)");
  CsvTable table;
  const auto& header = records.front().second;
  for (size_t r = 1; r < records.size(); ++r) {
    const auto& [line, cells] = records[r];
    if (cells.size() != header.size())
      throw DataError(path.string() + ":" + std::to_string(line) + ": " +
                      std::to_string(cells.size()) + " cells where the header has " +
                      std::to_string(header.size()));
    table.add_row();
    for (size_t c = 0; c < cells.size(); ++c) table.set(header[c], cells[c]);
  }
  return table;
}

std::string CsvTable::get(size_t row, const std::string& column) const {
  const auto& cells = rows_.at(row);
  const auto it = cells.find(column);
  return it == cells.end() ? std::string() : it->second;
}

bool CsvTable::has_column(const std::string& column) const {
  for (const auto& c : columns_)
    if (c == column) return true;
  return false;
}

}  // namespace ves
