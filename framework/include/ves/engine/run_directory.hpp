#pragma once
// A run's output folder: runs/<name>/ with config.yaml, log.txt, seed, and a FINISHED marker.
#include <filesystem>
#include <string>

namespace ves {

class RunDirectory {
 public:
  /// Prepares `root/name`. Refuses (UsageError) a finished run unless `force`, and a folder
  /// that exists but is not a Vesalius run. An unfinished run (crashed/killed) is reused.
  static RunDirectory open(const std::filesystem::path& root, const std::string& name, bool force);
  /// Prepares `root/name` to run single stages in it: creates it, or reuses it, finished or not
  /// (only the finished marker is removed, until every stage is finished again). Refuses a
  /// folder that is not a Vesalius run.
  static RunDirectory reopen(const std::filesystem::path& root, const std::string& name);

  const std::filesystem::path& path() const { return path_; }
  /// True when the run was started before and not finished (so stages may resume).
  bool resumed() const { return resumed_; }
  /// Writes `text` to `relative` atomically (temporary file + rename).
  void write_text(const std::filesystem::path& relative, const std::string& text) const;
  /// Marks the run finished (a later run without --force refuses to overwrite it).
  void mark_finished() const;
  bool finished() const;

 private:
  std::filesystem::path path_;
  bool resumed_ = false;
};

/// Writes `text` to `path` atomically: temporary file in the same folder, then rename.
void write_file_atomic(const std::filesystem::path& path, const std::string& text);

}  // namespace ves
