#pragma once
// Where a configuration value came from: file, line, column (1-based), or the command line.
#include <string>

namespace ves::config {

struct SourceLocation {
  std::string file;  ///< path as given, or "<command line>" / "<default>"
  int line = 0;      ///< 1-based; 0 when unknown
  int column = 0;    ///< 1-based; 0 when unknown
  /// "file:line:col", "file:line", or "file" depending on what is known.
  std::string str() const;
};

}  // namespace ves::config
