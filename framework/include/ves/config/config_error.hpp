#pragma once
// The one error type for configuration problems: "file:line:col: key: problem; hint".
#include <string>
#include <vector>

#include "ves/config/source_location.hpp"
#include "ves/core/error.hpp"

namespace ves::config {

class ConfigError : public ves::Error {
 public:
  ConfigError(SourceLocation where, std::string key, std::string problem, std::string hint = {});
  const SourceLocation& where() const { return where_; }
  const std::string& key() const { return key_; }
  const std::string& problem() const { return problem_; }
  const std::string& hint() const { return hint_; }

 private:
  SourceLocation where_;
  std::string key_, problem_, hint_;
};

/// The closest candidate by edit distance, or "" when none is close enough to suggest.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace ves::config
