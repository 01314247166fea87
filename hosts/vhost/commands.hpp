#pragma once
// The vhost commands. Each adds its subcommand to the app and returns the action to run.
#include <CLI/CLI.hpp>
#include <functional>

#include "ves/plugin/loader.hpp"

namespace vhost {

using Action = std::function<int()>;

Action add_run_command(CLI::App& app);
Action add_validate_command(CLI::App& app);
Action add_plugins_command(CLI::App& app);
Action add_describe_command(CLI::App& app);
Action add_inspect_command(CLI::App& app);
Action add_convert_command(CLI::App& app);
Action add_infer_command(CLI::App& app);
Action add_evaluate_command(CLI::App& app);
Action add_report_command(CLI::App& app);

/// Registry with the framework's built-ins and every plugin on the default search path.
struct Plugins {
  ves::Registry registry;
  ves::PluginLoader loader;
};
/// Loads built-ins and the default search path; `extra` folders are searched after them.
Plugins& load_plugins(const std::vector<std::filesystem::path>& extra = {});

}  // namespace vhost
