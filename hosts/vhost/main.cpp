// vhost: reads a pipeline YAML file, loads plugins, trains, infers and evaluates.
// Exit codes: 0 success, 1 the run failed, 2 usage or configuration error.
#include <c10/util/Exception.h>

#include <iostream>

#include "commands.hpp"
#include "ves/config/config_error.hpp"
#include "ves/core/log.hpp"
#include "ves/version.hpp"

namespace {

int fail(int code, const std::string& message) {
  std::cerr << "error: " << message << "\n";
  ves::log().flush();
  return code;
}

std::string first_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"vhost: deep learning pipelines for 3-D medical images (Vesalius " +
               std::string(ves::kVersion) + ")"};
  app.set_version_flag("--version", std::string("vhost ") + ves::kVersion + " (plugin ABI " +
                                        std::to_string(ves::kAbiVersion) + ")");
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 success, 1 run failed, 2 usage or configuration error.\n"
      "Plugins are searched in the build tree, VES_PLUGIN_PATH, and the config's plugin_paths.");
  std::vector<std::pair<CLI::App*, vhost::Action>> commands;
  for (auto add :
       {vhost::add_run_command, vhost::add_validate_command, vhost::add_plugins_command,
        vhost::add_describe_command, vhost::add_inspect_command, vhost::add_convert_command,
        vhost::add_infer_command, vhost::add_evaluate_command, vhost::add_report_command}) {
    auto action = add(app);
    commands.emplace_back(app.get_subcommands([](CLI::App*) { return true; }).back(), action);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    for (auto& [sub, action] : commands)
      if (sub->parsed()) return action();
    return 2;
  } catch (const ves::config::ConfigError& e) {
    return fail(2, e.what());
  } catch (const ves::UsageError& e) {
    return fail(2, e.what());
  } catch (const ves::Error& e) {
    return fail(1, e.what());
  } catch (const c10::Error& e) {
    return fail(1, first_line(e.what_without_backtrace()));
  } catch (const std::exception& e) {
    return fail(1, std::string("unexpected failure: ") + first_line(e.what()));
  }
}
