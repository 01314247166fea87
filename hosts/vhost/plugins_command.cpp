// vhost plugins: what was loaded from where, what was refused and why.
#include <iostream>

#include "commands.hpp"
#include "ves/version.hpp"

namespace vhost {

Action add_plugins_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("plugins",
                                 "List plugins, their components and where each was loaded from");
  auto extra = std::make_shared<std::vector<std::string>>();
  cmd->add_option("--path", *extra, "also search these folders");
  return [=]() {
    std::vector<std::filesystem::path> folders(extra->begin(), extra->end());
    auto& plugins = load_plugins(folders);
    std::cout << "Searched:\n";
    for (const auto& f : plugins.loader.searched())
      std::cout << "  " << f.string() << (std::filesystem::is_directory(f) ? "" : "  (missing)")
                << "\n";
    std::cout << "\nframework " << ves::kVersion << " (built in, plugin ABI " << ves::kAbiVersion
              << ")\n";
    for (const auto* c : plugins.registry.list())
      if (c->library.empty())
        std::cout << "  " << c->kind << "/" << c->name << "  " << c->doc << "\n";
    bool refused = false;
    for (const auto& r : plugins.loader.records()) {
      if (!r.loaded) {
        refused = true;
        continue;
      }
      std::cout << "\n"
                << r.name << " " << r.version << "  " << r.description << "\n  from "
                << r.library.string() << "\n";
      for (const auto& id : r.components) {
        const auto slash = id.find('/');
        const auto* info = plugins.registry.find(id.substr(0, slash), id.substr(slash + 1));
        std::cout << "  " << id << "  " << (info ? info->doc : "") << "\n";
      }
    }
    if (refused) {
      std::cout << "\nRefused:\n";
      for (const auto& r : plugins.loader.records())
        if (!r.loaded) std::cout << "  " << r.problem << "\n";
    }
    return 0;
  };
}

}  // namespace vhost
