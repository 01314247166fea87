#pragma once
// Pipeline files: load (includes, overrides, interpolation), validate against every schema,
// run the stages in order in a run directory.
#include <filesystem>
#include <string>
#include <vector>

#include "ves/config/node.hpp"
#include "ves/config/schema.hpp"
#include "ves/plugin/registry.hpp"

namespace ves {

/// Options from the command line of `vhost run`.
struct RunOptions {
  bool force = false;                 ///< overwrite a finished run
  std::string run_name;               ///< overrides the config's `name`
  std::filesystem::path output_root;  ///< overrides `output_dir`
  bool verbose = false;
  /// Run only this stage (in a new or an existing run of the same configuration, finished or
  /// not; earlier stages' outputs are read from the run's artifacts.json).
  std::string stage;
};

/// The top-level keys of a pipeline file (name, seed, threads, device, stages, ...).
const config::Schema& pipeline_schema();

/// A loaded pipeline: the resolved tree and each stage's effective section.
struct Pipeline {
  std::filesystem::path file;
  config::Node root;                                ///< after includes, overrides, interpolation
  std::vector<std::string> stage_names;             ///< in run order
  std::vector<config::Node> stage_nodes;            ///< each stage's section, shared keys filled in
  std::vector<std::filesystem::path> plugin_paths;  ///< `plugin_paths`, relative to the file
};

/// Reads the file and applies overrides; checks the top-level keys that need no plugin.
/// Throws ConfigError with file:line:col on any problem.
Pipeline load_pipeline_file(const std::filesystem::path& file,
                            const std::vector<std::string>& overrides);

/// Validates every stage and nested component against the registry's schemas, and unknown
/// top-level keys (with suggestions). Fills stage_nodes. Throws ConfigError.
void validate_pipeline(Pipeline& pipeline, const Registry& registry);

/// Runs a validated pipeline; returns the run directory. Stages already finished in an
/// interrupted run with the same config are skipped. Throws on failure.
std::filesystem::path run_pipeline(const Pipeline& pipeline, const Registry& registry,
                                   const RunOptions& options);

}  // namespace ves
