// Formatting of configuration source positions.
#include "ves/config/source_location.hpp"

namespace ves::config {

std::string SourceLocation::str() const {
  if (line <= 0) return file;
  std::string out = file + ":" + std::to_string(line);
  if (column > 0) out += ":" + std::to_string(column);
  return out;
}

}  // namespace ves::config
