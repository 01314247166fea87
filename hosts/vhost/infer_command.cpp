// vhost infer --model RUN_DIR[,RUN_DIR...] --input FILE|DIR|FILE,FILE --out DIR: predicts new
// images with the best checkpoints of finished training runs (an ensemble when several), using
// the runs' own preprocessing, inferer and postprocessing; writes NIfTI on the input's grid.
#include <algorithm>
#include <cstring>
#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "ves/config/loader.hpp"
#include "ves/core/error.hpp"
#include "ves/engine/csv_table.hpp"
#include "ves/engine/pipeline.hpp"
#include "ves/engine/run_directory.hpp"

namespace vhost {

namespace {

namespace fs = std::filesystem;
using ves::config::Node;

// Length of `p`'s image extension (".nii.gz", ".nrrd", ...), 0 when it is not an image file.
size_t image_extension_length(const fs::path& p) {
  const std::string name = p.filename().string();
  for (const char* ext : {".nii.gz", ".nii", ".nrrd", ".nhdr", ".mha", ".mhd", ".npy"})
    if (name.size() > std::strlen(ext) &&
        name.compare(name.size() - std::strlen(ext), std::strlen(ext), ext) == 0)
      return std::strlen(ext);
  return 0;
}

std::string case_name(const fs::path& p) {
  const std::string name = p.filename().string();
  return name.substr(0, name.size() - image_extension_length(p));
}

/// The cases to predict as a table: one row per file, or one row of channels for FILE,FILE.
ves::CsvTable input_table(const std::vector<std::string>& inputs, size_t* channels) {
  ves::CsvTable table;
  auto add = [&](const std::vector<fs::path>& files) {
    table.add_row();
    table.set("case", case_name(files.front()));
    for (size_t c = 0; c < files.size(); ++c)
      table.set("channel" + std::to_string(c), fs::absolute(files[c]).string());
  };
  *channels = 0;
  for (const auto& input : inputs) {
    std::vector<fs::path> parts;
    for (size_t start = 0; start <= input.size();) {
      const size_t comma = input.find(',', start);
      parts.emplace_back(input.substr(start, comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    for (const auto& p : parts)
      if (!fs::exists(p)) throw ves::UsageError("--input " + p.string() + " does not exist");
    if (parts.size() == 1 && fs::is_directory(parts[0]) && !fs::exists(parts[0] / "DICOMDIR")) {
      std::vector<fs::path> files;
      for (const auto& entry : fs::directory_iterator(parts[0]))
        if (entry.is_regular_file() && image_extension_length(entry.path()) > 0)
          files.push_back(entry.path());
      std::sort(files.begin(), files.end());
      if (files.empty())
        throw ves::UsageError("--input " + parts[0].string() +
                              " holds no image file (.nii.gz, .nii, .nrrd, .mha, .mhd, .npy)");
      for (const auto& f : files) add({f});
      *channels = std::max<size_t>(*channels, 1);
    } else {
      add(parts);
      *channels = std::max(*channels, parts.size());
    }
  }
  return table;
}

/// The section of a run's first stage of `type`, with the run's shared top-level keys filled in.
Node stage_section(const Node& root, const std::string& type, std::string* name) {
  const Node* stages = root.find("stages");
  if (stages && stages->is_sequence())
    for (const auto& s : stages->items()) {
      const Node* section = root.find(s.text());
      // A stage's type defaults to its name (`train:` without `type:` is a train stage).
      const std::string stage_type = section && section->is_map() && section->has("type")
                                         ? section->at("type").text()
                                         : s.text();
      if (stage_type == type) {
        *name = s.text();
        return section && section->is_map() ? *section : Node::map();
      }
    }
  return Node();
}

Node pick(const Node& section, const Node& root, const std::string& key) {
  if (section.is_map() && section.has(key)) return section.at(key);
  if (const Node* shared = root.find(key)) return *shared;
  return Node();
}

}  // namespace

Action add_infer_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "infer", "Predict new images with trained runs (several runs = an averaged ensemble)");
  auto runs = std::make_shared<std::vector<std::string>>();
  auto inputs = std::make_shared<std::vector<std::string>>();
  auto out = std::make_shared<std::string>();
  auto threshold = std::make_shared<double>(-1.0);
  auto force = std::make_shared<bool>(false);
  cmd->add_option("--model", *runs, "finished run folder(s) with a train stage, comma-separated")
      ->required()
      ->delimiter(',');
  cmd->add_option("--input", *inputs,
                  "an image file, a folder of image files (one case each), or FILE,FILE for the "
                  "channels of one case; repeatable")
      ->required();
  cmd->add_option("--out", *out, "output folder (predictions in OUT/infer/predictions)")
      ->required();
  cmd->add_option("--threshold", *threshold, "mask threshold (default: the run's)");
  cmd->add_flag("--force", *force, "overwrite an earlier prediction in OUT");
  return [=]() {
    Node base;
    std::vector<std::string> checkpoints;
    std::string train_name;
    for (const auto& run : *runs) {
      const fs::path config = fs::path(run) / "config.yaml";
      if (!fs::exists(config))
        throw ves::UsageError("--model " + run + " is not a Vesalius run folder (no config.yaml)");
      Node root = ves::config::load_pipeline(config, {});
      std::string name;
      if (stage_section(root, "train", &name).is_null())
        throw ves::UsageError("--model " + run + " has no train stage");
      const fs::path list = fs::path(run) / name / "checkpoints.txt";
      if (!fs::exists(list))
        throw ves::UsageError("--model " + run + ": training has not finished (no " +
                              list.string() + ")");
      std::ifstream in(list);
      for (std::string line; std::getline(in, line);)
        if (!line.empty()) checkpoints.push_back(line);
      if (base.is_null()) {
        base = root;
        train_name = name;
      }
    }
    std::string infer_name;
    const Node train = stage_section(base, "train", &train_name);
    const Node infer = stage_section(base, "infer", &infer_name);

    // Claim OUT as a run folder first (refusing a finished one without --force), then put
    // the generated inputs and pipeline in it for the record.
    fs::path out_dir = fs::absolute(fs::path(*out)).lexically_normal();
    if (out_dir.filename().empty()) out_dir = out_dir.parent_path();
    ves::RunDirectory::open(out_dir.parent_path(), out_dir.filename().string(), *force);
    size_t channels = 0;
    const ves::CsvTable table = input_table(*inputs, &channels);
    table.write(out_dir / "inputs.csv");

    Node root = Node::map();
    root.set("name", Node::scalar(out_dir.filename().string()));
    root.set("output_dir", Node::scalar(out_dir.parent_path().string()));
    for (const char* key : {"seed", "threads", "device"})
      if (const Node* v = base.find(key)) root.set(key, *v);
    Node dataset = Node::map();
    dataset.set("type", Node::scalar("files"));
    dataset.set("table", Node::scalar((out_dir / "inputs.csv").string()));
    Node channel_list = Node::sequence();
    for (size_t c = 0; c < channels; ++c)
      channel_list.push_back(Node::scalar("channel" + std::to_string(c)));
    dataset.set("channels", channel_list);
    root.set("dataset", dataset);
    Node stages = Node::sequence();
    stages.push_back(Node::scalar("infer"));
    root.set("stages", stages);

    Node stage = Node::map();
    stage.set("type", Node::scalar("infer"));
    stage.set("set", Node::scalar("all"));
    for (const char* key : {"model", "preprocess"})
      if (Node v = pick(train, base, key); !v.is_null()) stage.set(key, v);
    Node inferer = pick(infer, base, "inferer");
    if (inferer.is_null()) inferer = pick(train, base, "inferer");
    if (inferer.is_null())
      throw ves::UsageError(
          "the run has no inferer (neither its infer nor its train stage "
          "names one)");
    stage.set("inferer", inferer);
    for (const char* key : {"postprocess", "threshold", "precision", "extension", "writer"})
      if (Node v = pick(infer, base, key); !v.is_null()) stage.set(key, v);
    if (!stage.has("writer")) stage.set("writer", Node::scalar("itk"));
    if (*threshold >= 0) stage.set("threshold", Node::scalar(std::to_string(*threshold)));
    Node list = Node::sequence();
    for (const auto& c : checkpoints) list.push_back(Node::scalar(c, {}, /*quoted=*/true));
    stage.set("checkpoints", list);
    root.set("infer", stage);
    if (const Node* paths = base.find("plugin_paths")) root.set("plugin_paths", *paths);

    const fs::path file = out_dir / "infer.yaml";
    ves::write_file_atomic(file,
                           "# written by vhost infer from " + (*runs)[0] + "\n" + root.to_yaml());
    auto pipeline = ves::load_pipeline_file(file, {});
    auto& plugins = load_plugins(pipeline.plugin_paths);
    ves::validate_pipeline(pipeline, plugins.registry);
    const ves::RunOptions options;  // OUT was claimed (and cleared with --force) above
    const fs::path run = ves::run_pipeline(pipeline, plugins.registry, options);
    std::cout << "predictions: " << (run / "infer" / "predictions").string() << "\n";
    return 0;
  };
}

}  // namespace vhost
