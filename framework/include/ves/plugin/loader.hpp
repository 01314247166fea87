#pragma once
// Finding and loading plugin libraries into a Registry.
#include <filesystem>
#include <string>
#include <vector>

#include "ves/plugin/registry.hpp"

namespace ves {

/// A plugin that was loaded, or refused with the reason.
struct PluginRecord {
  std::string name;  ///< from its info ("" when it could not be read)
  std::string version;
  std::string description;
  std::filesystem::path library;
  std::vector<std::string> components;  ///< "kind/name"
  bool loaded = false;
  std::string problem;  ///< one sentence naming the file when refused
};

class PluginLoader {
 public:
  /// The default search path: the build tree's plugin folder (next to the running vhost),
  /// the installed plugin folder, then each entry of VES_PLUGIN_PATH (':'-separated).
  static std::vector<std::filesystem::path> default_search_path();

  /// Loads every plugin library (lib*.so with the plugin exports) found in `folders`, in order.
  /// A refused library (load failure, ABI mismatch, duplicate component) is recorded and
  /// skipped; the others keep working. A library already loaded (same file) is skipped.
  void load_folders(const std::vector<std::filesystem::path>& folders, Registry& registry);
  /// Loads one library file (same rules).
  PluginRecord load_library(const std::filesystem::path& library, Registry& registry);

  const std::vector<PluginRecord>& records() const { return records_; }
  const std::vector<std::filesystem::path>& searched() const { return searched_; }

 private:
  std::vector<PluginRecord> records_;
  std::vector<std::filesystem::path> searched_;
};

/// Registers the framework's own components (built-in stages) into `registry`.
void register_builtin_components(Registry& registry);

}  // namespace ves
