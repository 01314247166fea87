// vhost validate FILE [key=value ...]: every check that needs no data and no training.
#include <iostream>

#include "commands.hpp"
#include "ves/core/log.hpp"
#include "ves/engine/pipeline.hpp"

namespace vhost {

Action add_validate_command(CLI::App& app) {
  auto* cmd =
      app.add_subcommand("validate", "Check a pipeline file against every component's schema");
  auto file = std::make_shared<std::string>();
  auto overrides = std::make_shared<std::vector<std::string>>();
  auto print = std::make_shared<bool>(false);
  cmd->add_option("file", *file, "pipeline YAML file")->required()->check(CLI::ExistingFile);
  cmd->add_option("overrides", *overrides, "overrides like train.epochs=3");
  cmd->add_flag("--print", *print,
                "print the resolved configuration (includes, overrides applied)");
  return [=]() {
    auto pipeline = ves::load_pipeline_file(*file, *overrides);
    auto& plugins = load_plugins(pipeline.plugin_paths);
    ves::validate_pipeline(pipeline, plugins.registry);
    if (*print) std::cout << pipeline.root.to_yaml();
    std::cout << *file << ": valid (" << pipeline.stage_names.size() << " stage"
              << (pipeline.stage_names.size() == 1 ? "" : "s") << ")\n";
    return 0;
  };
}

}  // namespace vhost
