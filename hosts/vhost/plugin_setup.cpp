#include "commands.hpp"

namespace vhost {

Plugins& load_plugins(const std::vector<std::filesystem::path>& extra) {
  static Plugins plugins;
  static bool builtins = false;
  if (!builtins) {
    ves::register_builtin_components(plugins.registry);
    plugins.loader.load_folders(ves::PluginLoader::default_search_path(), plugins.registry);
    builtins = true;
  }
  if (!extra.empty()) plugins.loader.load_folders(extra, plugins.registry);
  return plugins;
}

}  // namespace vhost
