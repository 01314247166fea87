#pragma once
// A small CSV table: rows of named cells, columns in first-seen order, RFC 4180 quoting.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace ves {

class CsvTable {
 public:
  /// Starts a new row; then set cells by column name.
  void add_row();
  void set(const std::string& column, const std::string& value);
  void set(const std::string& column, double value);  ///< shortest exact text; nan/inf as words
  const std::vector<std::string>& columns() const { return columns_; }
  size_t rows() const { return rows_.size(); }
  std::string text() const;
  /// Cell of row `row` in `column`, "" when unset.
  std::string get(size_t row, const std::string& column) const;
  bool has_column(const std::string& column) const;
  /// Writes atomically.
  void write(const std::filesystem::path& path) const;

 private:
  std::vector<std::string> columns_;
  std::vector<std::map<std::string, std::string>> rows_;
};

/// One CSV record and the line it starts on.
struct CsvRecord {
  size_t line = 0;
  std::vector<std::string> cells;
};
/// Splits CSV text into records: RFC 4180 quotes (which may span lines), unquoted cells
/// trimmed, blank lines and a UTF-8 byte order mark skipped. `delimiter` is ',' or '\t'.
/// Throws DataError "FILE:LINE: a quoted cell is not closed".
std::vector<CsvRecord> parse_csv_records(const std::string& text, char delimiter,
                                         const std::string& file);

/// Reads a CSV file (RFC 4180 quoting, first line = header, blank lines skipped). Throws
/// DataError naming the file and line for a missing file, a ragged row or an open quote.
CsvTable read_csv(const std::filesystem::path& path);

/// Shortest text that reads back to the same double ("0.1", "3", "nan", "inf").
std::string format_number(double value);

}  // namespace ves
