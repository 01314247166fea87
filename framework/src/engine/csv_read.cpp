// CSV input: case tables and fold files written by people and spreadsheets.
#include <cctype>
#include <fstream>
#include <sstream>

#include "ves/core/error.hpp"
#include "ves/engine/csv_table.hpp"

namespace ves {

namespace {
std::string trimmed(const std::string& text) {
  size_t begin = 0, end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  return text.substr(begin, end - begin);
}
}  // namespace

std::vector<CsvRecord> parse_csv_records(const std::string& text, char delimiter,
                                         const std::string& file) {
  std::vector<CsvRecord> records;
  CsvRecord record;
  record.line = 1;
  std::string cell;
  bool quoted = false;      // inside quotes
  bool was_quoted = false;  // this cell was quoted: keep its spaces
  size_t line = 1;
  auto end_cell = [&] {
    record.cells.push_back(was_quoted ? cell : trimmed(cell));
    cell.clear();
    was_quoted = false;
  };
  auto end_record = [&] {
    end_cell();
    const bool blank = record.cells.size() == 1 && record.cells[0].empty();
    if (!blank) records.push_back(std::move(record));
    record = CsvRecord{};
    record.line = line + 1;
  };
  const size_t start = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;  // byte order mark
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
    } else if (c == '"' && trimmed(cell).empty()) {
      quoted = was_quoted = true;
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
  if (quoted)
    throw DataError(file + ":" + std::to_string(record.line) + ": a quoted cell is not closed");
  if (!cell.empty() || !record.cells.empty()) end_record();
  return records;
}

CsvTable read_csv(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(path.string() + ": cannot open the CSV file (does it exist?)");
  std::ostringstream text;
  text << in.rdbuf();
  const auto records = parse_csv_records(text.str(), ',', path.string());
  if (records.empty()) throw DataError(path.string() + ": the CSV file is empty (no header)");
  CsvTable table;
  const auto& header = records.front().cells;
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
