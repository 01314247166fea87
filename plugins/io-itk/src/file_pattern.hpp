#pragma once
// Path patterns with named captures: "vol_{patient}_{vertebra}.npy", "sub-{case}/dwi.nii.gz".
#include <filesystem>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace ves::io_itk {

using Captures = std::map<std::string, std::string>;

/// A relative path pattern: `{name}` matches one or more characters within one path segment
/// (never "/"), the shortest that lets the rest match; a name used twice must match the same
/// text; everything else is literal and "/" separates folders.
class FilePattern {
 public:
  /// Throws ves::Error for an unclosed brace or a name that is not [A-Za-z_][A-Za-z0-9_]*.
  explicit FilePattern(std::string pattern);

  const std::string& text() const { return pattern_; }
  /// Capture names in order of first appearance.
  const std::vector<std::string>& names() const { return names_; }
  /// The captures when `relative` (with "/" separators) matches the whole pattern.
  std::optional<Captures> match(const std::string& relative) const;
  /// The pattern with each {name} replaced; throws ves::Error naming a missing capture.
  std::string substitute(const Captures& captures) const;
  /// Files and folders under `root` matching the pattern, with their captures, sorted by path.
  /// Hidden entries (names starting with ".") are skipped; symbolic links are followed.
  std::vector<std::pair<std::filesystem::path, Captures>> find(
      const std::filesystem::path& root) const;

 private:
  std::string pattern_;
  std::vector<std::string> names_;
  std::regex regex_;
  std::vector<std::string> group_names_;  ///< name of each regex group, in order
  size_t depth_ = 1;                      ///< number of path segments
};

}  // namespace ves::io_itk
