#pragma once
// Case tables: one row per case, cells by column name, from CSV, TSV or YAML.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace ves::io_itk {

struct CaseTable {
  std::filesystem::path file;
  std::vector<std::string> columns;  ///< in first-seen order
  std::vector<std::map<std::string, std::string>> rows;
  std::vector<size_t> lines;  ///< line of each row in the file, for messages

  bool has_column(const std::string& name) const;
};

/// Reads `.csv` (comma, RFC 4180 quoting), `.tsv` (tab) or `.yaml`/`.yml` (a list of maps, or
/// a map whose `cases:` is one). The first CSV line names the columns; blank lines are skipped;
/// cells are trimmed. Throws DataError naming the file and line for malformed content.
CaseTable read_case_table(const std::filesystem::path& file);

/// Parses CSV text (exposed for tests); `delimiter` is ',' or '\t'.
CaseTable parse_csv(const std::string& text, char delimiter, const std::filesystem::path& file);

}  // namespace ves::io_itk
