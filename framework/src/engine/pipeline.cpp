// Pipeline loading, validation and execution.
#include "ves/engine/pipeline.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "ves/api/stage.hpp"
#include "ves/config/config_error.hpp"
#include "ves/config/loader.hpp"
#include "ves/config/params.hpp"
#include "ves/core/log.hpp"
#include "ves/engine/run_directory.hpp"
#include "ves/engine/runtime.hpp"
#include "ves/version.hpp"

namespace fs = std::filesystem;
using ves::config::ConfigError;
using ves::config::Node;

namespace ves {

const config::Schema& pipeline_schema() {
  static const config::Schema schema =
      config::Schema()
          .text("name", std::string(), "run folder name under output_dir; default: the file's name")
          .text("description", std::string(), "one line about the experiment")
          .text("output_dir", std::string("runs"),
                "folder holding the run folders (relative to the working directory)")
          .integer("seed", 0, "seed of every random stream of the run", 0)
          .text("threads", std::string("auto"), "intra-op threads: auto (all cores) or a number")
          .text("device", std::string("auto"), "auto (CUDA when available), cpu, cuda or cuda:N")
          .texts("plugin_paths", std::vector<std::string>{},
                 "extra plugin folders, relative to this file")
          .any("vars", "free values to reuse with ${vars.NAME}")
          .components("callbacks", "callback", "callbacks attached to every stage")
          .texts("stages", std::nullopt, "names of the stage sections to run, in order");
  return schema;
}

namespace {

config::Params pipeline_params(const Node& root) {
  Node own = Node::map(root.where());
  for (const auto& spec : pipeline_schema().params())
    if (const Node* value = root.find(spec.name)) own.set(spec.name, *value);
  return config::Params::validate(own, pipeline_schema(), "the pipeline");
}

std::string stage_type(const std::string& name, const Node* section) {
  if (section && section->is_map())
    if (const Node* type = section->find("type"); type && type->is_scalar()) return type->text();
  return name;
}

}  // namespace

Pipeline load_pipeline_file(const fs::path& file, const std::vector<std::string>& overrides) {
  Pipeline pipeline;
  pipeline.file = file;
  pipeline.root = config::load_pipeline(file, overrides);
  if (!pipeline.root.is_map()) {
    throw ConfigError({file.string(), 1, 1}, "", "a pipeline file must be a map of keys",
                      "see configs/quickstart.yaml for the layout");
  }
  const auto params = pipeline_params(pipeline.root);
  for (const auto& folder : params.get_strings("plugin_paths")) {
    fs::path p(folder);
    pipeline.plugin_paths.push_back(p.is_absolute() ? p : file.parent_path() / p);
  }
  pipeline.stage_names = params.get_strings("stages");
  std::set<std::string> seen;
  for (const auto& name : pipeline.stage_names) {
    if (!seen.insert(name).second) {
      throw params.error("stages", "stage '" + name + "' is listed twice",
                         "give each stage its own section name");
    }
    if (pipeline_schema().find(name)) {
      throw params.error("stages", "'" + name + "' is a reserved top-level key, not a stage name");
    }
  }
  return pipeline;
}

void validate_pipeline(Pipeline& pipeline, const Registry& registry) {
  const Node& root = pipeline.root;
  std::set<std::string> allowed;
  for (const auto& n : pipeline_schema().names()) allowed.insert(n);
  std::vector<const ComponentInfo*> stage_infos;
  for (const auto& name : pipeline.stage_names) {
    allowed.insert(name);
    const Node* section = root.find(name);
    if (section && !section->is_map() && !section->is_null()) {
      throw ConfigError(section->where(), name, "a stage section must be a map of its parameters");
    }
    const std::string type = stage_type(name, section);
    const ComponentInfo* info = registry.find(Stage::kKind, type);
    if (!info) {
      const auto known = registry.names(Stage::kKind);
      const std::string guess = config::did_you_mean(type, known);
      std::string known_text;
      for (const auto& k : known) known_text += (known_text.empty() ? "" : ", ") + k;
      throw ConfigError(section ? section->where() : root.at("stages").where(), name,
                        "stage '" + name + "' has no known type '" + type + "'",
                        (guess.empty() ? std::string() : "did you mean " + guess + "? ") +
                            "set `type:` in its section; known stage types: " + known_text);
    }
    stage_infos.push_back(info);
    for (const auto& p : info->schema.names()) allowed.insert(p);
  }
  // Top-level keys: pipeline keys, stage sections, and sections shared by stages.
  for (const auto& [key, value] : root.entries()) {
    if (allowed.count(key)) continue;
    const std::vector<std::string> candidates(allowed.begin(), allowed.end());
    const std::string guess = config::did_you_mean(key, candidates);
    throw ConfigError(root.key_where(key), key, "unknown top-level key",
                      guess.empty() ? "a top-level key is a pipeline setting, a stage section "
                                      "named in `stages:`, or a section a stage reads"
                                    : "did you mean " + guess + "?");
  }
  pipeline_params(root);  // type checks of the pipeline keys (seed, threads...)
  if (const Node* callbacks = root.find("callbacks"); callbacks && callbacks->is_sequence())
    for (size_t i = 0; i < callbacks->size(); ++i)
      registry.validate("callback", (*callbacks)[i], "callbacks[" + std::to_string(i) + "]");

  pipeline.stage_nodes.clear();
  for (size_t i = 0; i < pipeline.stage_names.size(); ++i) {
    const std::string& name = pipeline.stage_names[i];
    const Node* section = root.find(name);
    Node node = section && section->is_map() ? *section : Node::map(root.where());
    if (!section || !section->is_map()) node.set_path(name);
    if (!node.has("type")) node.set("type", Node::scalar(stage_infos[i]->name, node.where()));
    // A stage parameter missing from its section is taken from the top-level key of that name,
    // so `dataset:` or `model:` written once serve every stage.
    for (const auto& p : stage_infos[i]->schema.names())
      if (!node.has(p))
        if (const Node* shared = root.find(p)) node.set(p, *shared);
    registry.validate(Stage::kKind, node, "stage " + name);
    pipeline.stage_nodes.push_back(std::move(node));
  }
}

namespace {

std::string iso_time_now() {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return buffer;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void save_artifacts(const fs::path& run_dir, const std::map<std::string, fs::path>& artifacts) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : artifacts) j[k] = v.string();
  write_file_atomic(run_dir / "artifacts.json", j.dump(2) + "\n");
}

void load_artifacts(const fs::path& run_dir, std::map<std::string, fs::path>& artifacts) {
  const auto path = run_dir / "artifacts.json";
  if (!fs::exists(path)) return;
  try {
    const auto saved = nlohmann::json::parse(read_text(path));
    for (const auto& [k, v] : saved.items()) artifacts[k] = v.get<std::string>();
  } catch (const std::exception& e) {
    throw Error(path.string() + " is damaged (" + e.what() + "); rerun with --force");
  }
}

}  // namespace

fs::path run_pipeline(const Pipeline& pipeline, const Registry& registry,
                      const RunOptions& options) {
  const auto params = pipeline_params(pipeline.root);
  std::string name = !options.run_name.empty() ? options.run_name : params.get_string("name");
  if (name.empty()) name = pipeline.file.stem().string();
  const fs::path root_dir = !options.output_root.empty()
                                ? options.output_root
                                : fs::path(params.get_string("output_dir"));

  const bool single = !options.stage.empty();
  if (single) {
    if (std::find(pipeline.stage_names.begin(), pipeline.stage_names.end(), options.stage) ==
        pipeline.stage_names.end()) {
      std::string names;
      for (const auto& n : pipeline.stage_names) names += (names.empty() ? "" : ", ") + n;
      throw UsageError("--stage " + options.stage +
                       ": the pipeline has no such stage (stages: " + names + ")");
    }
    if (options.force)
      throw UsageError(
          "--force with --stage would delete the other stages' outputs; drop "
          "--force (the stage itself is always run again)");
  }
  const RunDirectory run = single ? RunDirectory::reopen(root_dir, name)
                                  : RunDirectory::open(root_dir, name, options.force);
  const std::string resolved = pipeline.root.to_yaml();
  if (run.resumed() && fs::exists(run.path() / "config.yaml") &&
      read_text(run.path() / "config.yaml") != resolved) {
    throw UsageError(single ? "run " + run.path().string() +
                                  " was made with a different configuration, and --stage runs "
                                  "a stage of that run; choose another --name"
                            : "run " + run.path().string() +
                                  " was interrupted with a different configuration; pass --force "
                                  "to start it over, or choose another --name");
  }
  run.write_text("config.yaml", resolved);
  configure_logging(run.path() / "log.txt", options.verbose);

  Context context;
  context.registry = &registry;
  context.run_dir = run.path();
  context.seed = static_cast<uint64_t>(params.get_int("seed"));
  context.threads = configure_threads(params.get_string("threads"));
  context.device = resolve_device(params.get_string("device"));
  load_artifacts(run.path(), *context.artifacts);

  nlohmann::json info = {{"vesalius_version", kVersion},   {"config_file", pipeline.file.string()},
                         {"seed", context.seed},           {"threads", context.threads},
                         {"device", context.device.str()}, {"stages", pipeline.stage_names},
                         {"started", iso_time_now()},      {"resumed", run.resumed()}};
  run.write_text("run.json", info.dump(2) + "\n");
  log().info("run {} ({}): seed {}, {} thread(s), device {}", run.path().string(),
             run.resumed() ? "resumed" : "new", context.seed, context.threads,
             context.device.str());

  std::vector<std::unique_ptr<Callback>> callbacks;
  if (const Node* list = pipeline.root.find("callbacks"); list && list->is_sequence())
    for (size_t i = 0; i < list->size(); ++i)
      callbacks.push_back(
          context.create<Callback>((*list)[i], "callbacks[" + std::to_string(i) + "]"));
  std::vector<Callback*> callback_ptrs;
  for (auto& c : callbacks) callback_ptrs.push_back(c.get());

  const auto run_start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < pipeline.stage_names.size(); ++i) {
    const std::string& stage_name = pipeline.stage_names[i];
    const fs::path dir = run.path() / stage_name;
    if (single && stage_name != options.stage) continue;
    if (single && fs::exists(dir / ".finished")) {
      log().info("stage {}: finished before; --stage runs it again from scratch", stage_name);
      fs::remove_all(dir);
      // Its old outputs are gone: forget them, and mark the later stages, which used them, as
      // to be run again.
      for (auto it = context.artifacts->begin(); it != context.artifacts->end();)
        it = it->first.rfind(stage_name + ".", 0) == 0 ? context.artifacts->erase(it)
                                                       : std::next(it);
      save_artifacts(run.path(), *context.artifacts);
      for (size_t later = i + 1; later < pipeline.stage_names.size(); ++later) {
        const fs::path mark = run.path() / pipeline.stage_names[later] / ".finished";
        if (fs::exists(mark)) {
          fs::remove(mark);
          log().info("stage {}: depends on {}, so it will run again with the next vhost run",
                     pipeline.stage_names[later], stage_name);
        }
      }
    }
    if (fs::exists(dir / ".finished")) {
      log().info("stage {}/{} {}: already finished in this run, skipped", i + 1,
                 pipeline.stage_names.size(), stage_name);
      continue;
    }
    fs::create_directories(dir);
    auto stage = context.create<Stage>(pipeline.stage_nodes[i], "stage " + stage_name);
    log().info("stage {}/{} {} ({})", i + 1, pipeline.stage_names.size(), stage_name,
               pipeline.stage_nodes[i].at("type").text());
    const auto start = std::chrono::steady_clock::now();
    for (Callback* callback : callback_ptrs) callback->on_stage_begin(stage_name, dir);
    stage->run(StageContext{stage_name, dir, &context, callback_ptrs});
    for (Callback* callback : callback_ptrs) callback->on_stage_end({stage_name, 0, {}, dir});
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    save_artifacts(run.path(), *context.artifacts);
    write_file_atomic(dir / ".finished", "finished\n");
    log().info("stage {} finished in {:.1f} s", stage_name, seconds);
  }
  const bool all_done =
      std::all_of(pipeline.stage_names.begin(), pipeline.stage_names.end(),
                  [&](const std::string& n) { return fs::exists(run.path() / n / ".finished"); });
  if (all_done) run.mark_finished();
  const double total =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - run_start).count();
  info["finished"] = iso_time_now();
  info["seconds"] = total;
  run.write_text("run.json", info.dump(2) + "\n");
  log().info("run finished in {:.1f} s: {}", total, run.path().string());
  return run.path();
}

}  // namespace ves
