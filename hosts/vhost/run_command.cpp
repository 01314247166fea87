// vhost run FILE [key=value ...]: load, validate, run all stages in a run directory.
#include "commands.hpp"
#include "ves/core/log.hpp"
#include "ves/engine/pipeline.hpp"

namespace vhost {

Action add_run_command(CLI::App& app) {
  auto* cmd =
      app.add_subcommand("run", "Run a pipeline file: train, infer, evaluate as its stages say");
  auto file = std::make_shared<std::string>();
  auto overrides = std::make_shared<std::vector<std::string>>();
  auto options = std::make_shared<ves::RunOptions>();
  auto output = std::make_shared<std::string>();
  cmd->add_option("file", *file, "pipeline YAML file")->required()->check(CLI::ExistingFile);
  cmd->add_option("overrides", *overrides, "overrides like train.epochs=3 (+key=value adds a key)");
  cmd->add_flag("--force", options->force, "overwrite a finished run of the same name");
  cmd->add_option("--name", options->run_name, "run folder name (default: the config's name:)");
  cmd->add_option("--output-dir", *output, "folder holding run folders (default: output_dir:)");
  cmd->add_option("--stage", options->stage,
                  "run only this stage, in a new or existing run of the same configuration; "
                  "earlier stages' outputs (checkpoints, predictions) are reused");
  cmd->add_flag("-v,--verbose", options->verbose, "debug logging");
  return [=]() {
    if (!output->empty()) options->output_root = *output;
    auto pipeline = ves::load_pipeline_file(*file, *overrides);
    auto& plugins = load_plugins(pipeline.plugin_paths);
    ves::validate_pipeline(pipeline, plugins.registry);
    ves::run_pipeline(pipeline, plugins.registry, *options);
    return 0;
  };
}

}  // namespace vhost
