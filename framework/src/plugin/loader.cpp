// Plugin discovery and loading with Boost.DLL. A bad library is refused with one sentence that
// names the file; the loader keeps going with the rest.
#include "ves/plugin/loader.hpp"

#include <algorithm>
#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/dll/shared_library.hpp>
#include <cstdlib>

#include "ves/core/log.hpp"
#include "ves/plugin/plugin.hpp"

#ifndef VES_PLUGIN_INSTALL_DIR
#define VES_PLUGIN_INSTALL_DIR ""
#endif

namespace fs = std::filesystem;

namespace ves {

namespace {

// Libraries stay loaded for the life of the process: components built from them may outlive
// any loader, and unloading code whose objects are still alive would crash at exit.
std::vector<boost::dll::shared_library>& kept_libraries() {
  static auto* libraries = new std::vector<boost::dll::shared_library>();
  return *libraries;
}

fs::path canonical_or_same(const fs::path& p) {
  std::error_code ec;
  auto c = fs::weakly_canonical(p, ec);
  return ec ? p : c;
}

// Boost wraps dlerror's sentence in its own words; keep only the dynamic loader's reason.
std::string dlerror_text(const std::string& boost_message) {
  const std::string marker = "dlerror system message: ";
  const auto start = boost_message.find(marker);
  if (start == std::string::npos) return boost_message;
  std::string reason = boost_message.substr(start + marker.size());
  const auto end = reason.rfind("): ");
  return end == std::string::npos ? reason : reason.substr(0, end);
}

bool is_shared_library(const fs::path& p) {
  const auto name = p.filename().string();
  return name.size() > 3 && name.compare(name.size() - 3, 3, ".so") == 0;
}

}  // namespace

std::vector<fs::path> PluginLoader::default_search_path() {
  std::vector<fs::path> folders;
  boost::system::error_code ec;
  const fs::path exe_dir = boost::dll::program_location(ec).parent_path().string();
  if (!ec && !exe_dir.empty()) {
    folders.push_back(exe_dir.parent_path() / "plugins");                       // build tree
    folders.push_back(exe_dir.parent_path() / "lib" / "vesalius" / "plugins");  // relocated install
  }
  if (std::string(VES_PLUGIN_INSTALL_DIR).size()) folders.emplace_back(VES_PLUGIN_INSTALL_DIR);
  if (const char* env = std::getenv("VES_PLUGIN_PATH")) {
    std::string all(env);
    size_t start = 0;
    while (start <= all.size()) {
      const size_t end = std::min(all.find(':', start), all.size());
      if (end > start) folders.emplace_back(all.substr(start, end - start));
      start = end + 1;
    }
  }
  // Drop duplicates (e.g. the install dir listed twice) but keep the order.
  std::vector<fs::path> unique;
  for (const auto& f : folders) {
    const auto c = canonical_or_same(f);
    if (std::find(unique.begin(), unique.end(), c) == unique.end()) unique.push_back(c);
  }
  return unique;
}

void PluginLoader::load_folders(const std::vector<fs::path>& folders, Registry& registry) {
  for (const auto& folder : folders) {
    searched_.push_back(folder);
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) continue;
    std::vector<fs::path> libraries;
    for (const auto& entry : fs::directory_iterator(folder, ec))
      if (entry.is_regular_file() && is_shared_library(entry.path()))
        libraries.push_back(entry.path());
    std::sort(libraries.begin(), libraries.end());  // deterministic order
    for (const auto& library : libraries) load_library(library, registry);
  }
}

PluginRecord PluginLoader::load_library(const fs::path& library, Registry& registry) {
  PluginRecord record;
  record.library = canonical_or_same(library);
  for (const auto& earlier : records_) {
    if (earlier.library == record.library) return earlier;  // reached through two folders
  }
  auto refuse = [&](const std::string& problem) {
    record.problem = problem;
    log().warn("{}", problem);
    records_.push_back(record);
    return record;
  };
  const std::string file = record.library.string();

  boost::dll::shared_library lib;
  try {
    lib.load(file, boost::dll::load_mode::rtld_lazy);
  } catch (const std::exception& e) {
    return refuse(file + ": refused: the library failed to load (" + dlerror_text(e.what()) + ")");
  }
  if (!lib.has("ves_plugin_info") || !lib.has("ves_plugin_register")) {
    return refuse(
        file + ": refused: not a Vesalius plugin (no ves_plugin_info/ves_plugin_register export)");
  }
  const PluginInfo info = lib.get_alias<PluginInfoFunction>("ves_plugin_info")();
  record.name = info.name ? info.name : "";
  record.version = info.version ? info.version : "";
  record.description = info.description ? info.description : "";
  if (info.abi_version != kAbiVersion) {
    return refuse(file + ": refused: plugin '" + record.name + "' was built for plugin ABI " +
                  std::to_string(info.abi_version) + " but this Vesalius " + kVersion +
                  " uses ABI " + std::to_string(kAbiVersion) + "; rebuild it against this version");
  }
  Registry staged;
  try {
    lib.get_alias<PluginRegisterFunction>("ves_plugin_register")(staged);
  } catch (const std::exception& e) {
    return refuse(file + ": refused: plugin '" + record.name + "' failed while registering (" +
                  e.what() + ")");
  }
  for (const auto* component : staged.list())
    record.components.push_back(component->kind + "/" + component->name);
  try {
    registry.merge_from(std::move(staged), record.name, file);
  } catch (const PluginError& e) {
    return refuse(e.what());
  }
  record.loaded = true;
  kept_libraries().push_back(std::move(lib));
  records_.push_back(record);
  return record;
}

}  // namespace ves
