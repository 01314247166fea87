// vhost inspect DATASET.yaml: statistics of a dataset before any training (sizes, spacings,
// orientations, intensities, class balance, per metadata value), as a table and as JSON.
#include <iostream>
#include <optional>

#include "commands.hpp"
#include "ves/config/loader.hpp"
#include "ves/core/error.hpp"
#include "ves/engine/dataset.hpp"
#include "ves/engine/dataset_statistics.hpp"
#include "ves/engine/progress.hpp"
#include "ves/engine/run_directory.hpp"
#include "ves/engine/runtime.hpp"
#include "ves/engine/split.hpp"

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
  auto by_split = std::make_shared<bool>(false);
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
  cmd->add_flag("--split", *by_split,
                "also break the statistics down by the pipeline's `split:` (train, validation, "
                "test), as its stages split the cases");
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
    ves::DatasetStatisticsOptions statistics_options = *options;
    std::optional<ves::Split> split;
    if (*by_split) {
      const ves::config::Node* split_node = root.is_map() ? root.find("split") : nullptr;
      if (!split_node)
        throw ves::UsageError(*file +
                              " has no `split:` section; --split needs a pipeline file "
                              "with one");
      const uint64_t seed = root.find("seed") ? static_cast<uint64_t>(root.at("seed").as_int()) : 0;
      split = ves::make_split(dataset.cases(), ves::split_options_from(*split_node, seed));
      statistics_options.group_by.push_back("split");
    }
    ves::DatasetStatistics statistics(statistics_options);
    ves::Progress progress("inspect", static_cast<int64_t>(dataset.cases().size()), "cases");
    for (size_t i = 0; i < dataset.cases().size(); ++i) {
      std::string why;
      if (auto sample = dataset.load(i, &why)) {
        if (split) sample->meta["split"] = ves::set_name(split->set[i]);
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
