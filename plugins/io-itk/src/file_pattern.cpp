// FilePattern: the pattern becomes an ECMAScript regex with one lazy group per first use of a
// name and a back-reference for each later use.
#include "file_pattern.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "ves/core/error.hpp"

namespace ves::io_itk {
namespace {
namespace fs = std::filesystem;

bool valid_name(const std::string& name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

std::string escape(char c) {
  static const std::string special = "\\^$.|?*+()[]{}";
  return special.find(c) == std::string::npos ? std::string(1, c) : std::string("\\") + c;
}

bool hidden(const fs::path& path) {
  const std::string name = path.filename().string();
  return !name.empty() && name[0] == '.';
}

}  // namespace

FilePattern::FilePattern(std::string pattern) : pattern_(std::move(pattern)) {
  if (pattern_.empty()) throw Error("a file pattern cannot be empty");
  std::string regex;
  for (size_t i = 0; i < pattern_.size(); ++i) {
    const char c = pattern_[i];
    if (c == '{') {
      const size_t close = pattern_.find('}', i);
      if (close == std::string::npos) {
        throw Error(fmt::format("file pattern '{}': '{{' at position {} is not closed by '}}'",
                                pattern_, i + 1));
      }
      const std::string name = pattern_.substr(i + 1, close - i - 1);
      if (!valid_name(name)) {
        throw Error(
            fmt::format("file pattern '{}': '{{{}}}' is not a capture name (letters, digits, _)",
                        pattern_, name));
      }
      const auto group = std::find(group_names_.begin(), group_names_.end(), name);
      if (group == group_names_.end()) {
        group_names_.push_back(name);
        names_.push_back(name);
        regex += "([^/]+?)";
      } else {
        regex += "\\" + std::to_string(group - group_names_.begin() + 1);
      }
      i = close;
    } else if (c == '}') {
      throw Error(
          fmt::format("file pattern '{}': '}}' at position {} has no '{{'", pattern_, i + 1));
    } else {
      regex += escape(c);
    }
  }
  regex_ = std::regex(regex, std::regex::ECMAScript);
  depth_ = static_cast<size_t>(std::count(pattern_.begin(), pattern_.end(), '/')) + 1;
}

std::optional<Captures> FilePattern::match(const std::string& relative) const {
  std::smatch found;
  if (!std::regex_match(relative, found, regex_)) return std::nullopt;
  Captures captures;
  for (size_t g = 0; g < group_names_.size(); ++g) captures[group_names_[g]] = found[g + 1].str();
  return captures;
}

std::string FilePattern::substitute(const Captures& captures) const {
  std::string text;
  for (size_t i = 0; i < pattern_.size(); ++i) {
    if (pattern_[i] != '{') {
      text += pattern_[i];
      continue;
    }
    const size_t close = pattern_.find('}', i);
    const std::string name = pattern_.substr(i + 1, close - i - 1);
    const auto value = captures.find(name);
    if (value == captures.end()) {
      throw Error(fmt::format("file pattern '{}': no value for {{{}}}", pattern_, name));
    }
    text += value->second;
    i = close;
  }
  return text;
}

std::vector<std::pair<fs::path, Captures>> FilePattern::find(const fs::path& root) const {
  std::vector<std::pair<fs::path, Captures>> found;
  const auto options = fs::directory_options::follow_directory_symlink |
                       fs::directory_options::skip_permission_denied;
  for (auto it = fs::recursive_directory_iterator(root, options);
       it != fs::recursive_directory_iterator(); ++it) {
    const fs::path& path = it->path();
    if (hidden(path)) {
      it.disable_recursion_pending();
      continue;
    }
    // Deeper entries cannot match: the pattern has depth_ segments.
    if (static_cast<size_t>(it.depth()) + 1 >= depth_) it.disable_recursion_pending();
    if (auto captures = match(path.lexically_relative(root).generic_string())) {
      found.emplace_back(path, std::move(*captures));
    }
  }
  std::sort(found.begin(), found.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return found;
}

}  // namespace ves::io_itk
