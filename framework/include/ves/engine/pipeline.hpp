#pragma once
// Running a pipeline file: validate everything, prepare the run directory, run stages in order.
#include <filesystem>
#include <string>
#include <vector>

#include "ves/config/node.hpp"
#include "ves/config/schema.hpp"
#include "ves/plugin/registry.hpp"

namespace ves {

/// Options from the command line of `vhost run`.
struct RunOptions {
  std::vector<std::string> overrides;  ///< "a.b=value"
  bool force = false;                  ///< overwrite a finished run
  std::string run_name;                ///< overrides the config's `name`
  std::filesystem::path output_root;   ///< overrides `output_dir`
  bool verbose = false;
};

/// The top-level keys of a pipeline file (name, seed, threads, device, stages, ...).
const config::Schema& pipeline_schema();

/// A validated pipeline: the resolved tree and the stage sections in order.
struct Pipeline {
  config::Node root;                         ///< after includes, overrides, interpolation
  std::vector<std::string> stage_names;      ///< in run order
  std::vector<config::Node> stage_nodes;     ///< each stage's section, with `kind`
  std::vector<std::filesystem::path> plugin_paths;  ///< resolved against the file's folder
};

/// Loads and validates a pipeline (every stage and nested component against its schema).
/// Throws ConfigError with file:line:col on any problem.
Pipeline load_and_validate(const std::filesystem::path& file, const std::vector<std::string>& overrides,
                           const Registry& registry);

/// Runs a validated pipeline; returns the run directory. Throws on failure.
std::filesystem::path run_pipeline(const Pipeline& pipeline, const Registry& registry,
                                   const RunOptions& options);

}  // namespace ves
