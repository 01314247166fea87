// vhost inspect DATASET.yaml: statistics of a dataset before any training (sizes, spacings,
// orientations, intensities, class balance, per metadata value), as a table and as JSON.
#include <iostream>

#include "commands.hpp"
#include "ves/config/loader.hpp"
#include "ves/engine/dataset.hpp"
#include "ves/engine/dataset_statistics.hpp"
#include "ves/engine/progress.hpp"
#include "ves/engine/run_directory.hpp"
#include "ves/engine/runtime.hpp"

namespace vhost {

Action add_inspect_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "inspect",
      "Print a dataset's statistics: spacing, size, orientation, intensities, class balance");
  auto file = std::make_shared<std::string>();
  auto overrides = std::make_shared<std::vector<std::string>>();
  auto options = std::make_shared<ves::DatasetStatisticsOptions>();
  auto json = std::make_shared<std::string>();
  auto threads = std::make_shared<std::string>("auto");
  cmd->add_option("file", *file,
                  "a dataset YAML (a reader section with `type:`) or a pipeline with `dataset:`")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("overrides", *overrides, "overrides like root=/data/isles or dataset.cases=4");
  cmd->add_option("--group-by", options->group_by,
                  "metadata or scalar names to break statistics down by (e.g. vertebra)")
      ->delimiter(',');
  cmd->add_option("--thick-slice-mm", options->thick_slice_mm,
                  "a case whose largest spacing is at least this is 'thick'")
      ->capture_default_str();
  cmd->add_option("--image", options->image, "volume to measure")->capture_default_str();
  cmd->add_option("--label", options->label, "label volume for class balance")
      ->capture_default_str();
  cmd->add_option("--json", *json, "also write the statistics as JSON to this file");
  cmd->add_option("--threads", *threads, "intra-op threads (auto = all cores)")
      ->capture_default_str();
  return [=]() {
    ves::config::Node root = ves::config::load_pipeline(*file, *overrides);
    const ves::config::Node* section = root.is_map() ? root.find("dataset") : nullptr;
    const ves::config::Node& dataset_node = section ? *section : root;
    auto& plugins = load_plugins();
    ves::Context context;
    context.registry = &plugins.registry;
    context.threads = ves::configure_threads(*threads);
    const ves::Dataset dataset(dataset_node, context, "dataset");
    ves::DatasetStatistics statistics(*options);
    ves::Progress progress("inspect", static_cast<int64_t>(dataset.cases().size()), "cases");
    for (size_t i = 0; i < dataset.cases().size(); ++i) {
      std::string why;
      if (const auto sample = dataset.load(i, &why)) {
        statistics.add(*sample);
      } else {
        statistics.add_skipped(dataset.cases()[i].case_id, why);
      }
      progress.advance(1, dataset.cases()[i].case_id);
    }
    progress.finish();
    std::cout << statistics.report();
    if (!json->empty()) {
      ves::write_file_atomic(*json, statistics.json());
      std::cout << "statistics written to " << *json << "\n";
    }
    return 0;
  };
}

}  // namespace vhost
