// vhost evaluate --pred DIR --ref DIR --out DIR: scores prediction files against reference files
// paired by name, with the pipeline's evaluator (evaluator/segmentation) and report writer, cases
// in parallel threads. Failed cases (unreadable file, missing pair, grid mismatch) are listed in
// summary.json's failed_cases, never fatal.
#include <fmt/format.h>

#include <ATen/ops/ge.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include "commands.hpp"
#include "evaluation_pairs.hpp"
#include "slicer_module_xml.hpp"
#include "ves/api/callback.hpp"
#include "ves/api/evaluator.hpp"
#include "ves/api/reader.hpp"
#include "ves/api/stage.hpp"
#include "ves/config/node.hpp"
#include "ves/core/error.hpp"
#include "ves/core/log.hpp"
#include "ves/engine/evaluation_report.hpp"
#include "ves/engine/progress.hpp"
#include "ves/plugin/registry.hpp"

namespace vhost {
namespace {
using ves::config::Node;
namespace fs = std::filesystem;

struct EvaluateOptions {
  std::string pred, ref, out, pred_suffix, ref_suffix;
  std::string convention = "metricsreloaded";
  double threshold = 0.5;
  std::string thresholds;
  std::vector<int64_t> labels;
  std::vector<std::string> metrics;
  std::string select_by = "dice";
  int connectivity = 26;
  double nsd_tolerance = 1.0;
  std::string empty_dice = "one";
  std::string empty_distance = "nan";
  bool exclude_empty_reference = false;
  bool resample = false;
  std::string spacing_from;
  int threads = 0;
  bool xml = false;
  std::string images, image_suffix;
  int pictures = 8;
};

Node text(const std::string& value) {
  return Node::scalar(value, {}, /*quoted=*/true);
}

Node number(double value) {
  return Node::scalar(fmt::format("{}", value));
}

// "0.3,0.5" or "start:stop:step" (stop included when on the step grid) to a list.
std::vector<double> parse_thresholds(const std::string& spec) {
  std::vector<double> out;
  if (spec.empty()) return out;
  const auto bad = [&] {
    return ves::UsageError("--thresholds '" + spec +
                           "': expected a list such as 0.3,0.5,0.7 or a range start:stop:step "
                           "such as 0.05:0.95:0.05");
  };
  try {
    if (spec.find(':') != std::string::npos) {
      size_t a = spec.find(':'), b = spec.find(':', a + 1);
      if (b == std::string::npos) throw bad();
      const double start = std::stod(spec.substr(0, a)),
                   stop = std::stod(spec.substr(a + 1, b - a - 1)),
                   step = std::stod(spec.substr(b + 1));
      if (!(step > 0) || stop < start) throw bad();
      const auto n = static_cast<int64_t>(std::floor((stop - start) / step + 1e-9));
      for (int64_t i = 0; i <= n; ++i)
        out.push_back(std::round((start + static_cast<double>(i) * step) * 1e9) / 1e9);
      return out;
    }
    size_t at = 0;
    while (at <= spec.size()) {
      const size_t comma = std::min(spec.find(',', at), spec.size());
      size_t used = 0;
      const std::string item = spec.substr(at, comma - at);
      out.push_back(std::stod(item, &used));
      if (used != item.size()) throw bad();
      at = comma + 1;
    }
  } catch (const std::logic_error&) {
    throw bad();
  }
  return out;
}

Node evaluator_node(const EvaluateOptions& o) {
  Node node = Node::map();
  node.set("type", Node::scalar("segmentation"));
  node.set("convention", text(o.convention));
  node.set("threshold", number(o.threshold));
  Node thresholds = Node::sequence();
  for (double t : parse_thresholds(o.thresholds)) thresholds.push_back(number(t));
  node.set("thresholds", thresholds);
  Node labels = Node::sequence();
  for (int64_t l : o.labels) labels.push_back(Node::scalar(std::to_string(l)));
  node.set("labels", labels);
  if (!o.metrics.empty()) {
    Node metrics = Node::sequence();
    for (const auto& m : o.metrics) metrics.push_back(text(m));
    node.set("metrics", metrics);
  }
  node.set("select_by", text(o.select_by));
  node.set("connectivity", Node::scalar(std::to_string(o.connectivity)));
  node.set("nsd_tolerance", number(o.nsd_tolerance));
  node.set("empty_dice", text(o.empty_dice));
  node.set("empty_distance", text(o.empty_distance));
  node.set("include_empty_reference", Node::scalar(o.exclude_empty_reference ? "false" : "true"));
  return node;
}

/// OUT/report/index.html with the viz-vtk plugin's `report` stage, as `vhost report OUT`
/// rewrites it: the scores, the threshold sweep, the cases worst first with their overlays.
void write_html_report(const EvaluateOptions& o, const ves::Context& context) {
  if (!context.registry->find("stage", "report")) return;  // viz-vtk not loaded: no page
  ves::config::Node node = ves::config::Node::map();
  node.set("type", text("report"));
  ves::Context report_context = context;
  report_context.run_dir = o.out;
  auto stage = report_context.create<ves::Stage>(node, "evaluate.report");
  stage->run(ves::StageContext{"report", fs::path(o.out) / "report", &report_context, {}});
  std::cout << "report:   " << (fs::path(o.out) / "report" / "index.html").string() << "\n";
}

/// `--images`: overlays of the worst cases (by --select-by) with the viz-vtk plugin's `overlays`
/// callback, the same pictures an infer stage draws: OUT/pictures/<case>_overlay.png.
void draw_overlays(const EvaluateOptions& o, const ves::Context& context,
                   const ves::Evaluator& evaluator, const std::vector<FilePair>& pairs,
                   const VolumeFileReader& read, const GridPolicy& policy,
                   const std::vector<ves::CaseMetrics>& cases) {
  if (!context.registry->find("callback", "overlays"))
    throw ves::UsageError(
        "--images needs the viz-vtk plugin (its `overlays` callback); see vhost "
        "plugins");
  std::map<std::string, fs::path> images;
  for (const auto& [name, path] : image_files(o.images, o.image_suffix)) images[name] = path;
  const auto settings = evaluator.settings();
  const auto goal = settings.find("select_goal");
  const bool larger_is_better = goal == settings.end() || goal->second != "min";
  std::vector<std::pair<double, std::string>> ranked;
  for (const auto& c : cases) {
    const auto v = c.values.find(o.select_by);
    const double value = v == c.values.end() || std::isnan(v->second)
                             ? (larger_is_better ? 1e300 : -1e300)
                             : v->second;
    ranked.emplace_back(larger_is_better ? value : -value, c.case_id);
  }
  std::sort(ranked.begin(), ranked.end());  // worst first
  Node node = Node::map();
  node.set("type", text("overlays"));
  node.set("max_cases", number(o.pictures));
  const auto overlays = context.create<ves::Callback>(node, "--images");
  overlays->on_stage_begin("evaluate", o.out);
  int drawn = 0;
  for (const auto& [score, id] : ranked) {
    if (drawn >= o.pictures) break;
    const auto image = images.find(id);
    const auto pair = std::find_if(pairs.begin(), pairs.end(),
                                   [&](const FilePair& p) { return p.case_id == id; });
    if (image == images.end() || pair == pairs.end()) {
      ves::log().warn("evaluate: no image of case {} in {}; no overlay", id, o.images);
      continue;
    }
    auto [prediction, reference] = load_pair(*pair, read, policy);
    if (prediction.has_volume("prob"))
      prediction.volumes["mask"] =
          ves::Volume{prediction.volume("prob").data.ge(o.threshold).to(at::kByte),
                      prediction.volume("prob").geometry};
    reference.volumes["image"] = read(image->second);
    overlays->on_prediction("evaluate", 0, reference, prediction.volumes);
    ++drawn;
  }
  std::cout << "overlays: " << drawn << " of the worst cases in "
            << (fs::path(o.out) / "pictures").string() << "\n";
}

int run_evaluate(const EvaluateOptions& o) {
  if (o.xml) {
    std::cout << slicer_evaluate_module_xml();
    return 0;
  }
  if (o.pred.empty() || o.ref.empty() || o.out.empty())
    throw ves::UsageError("vhost evaluate needs --pred DIR, --ref DIR and --out DIR");
  auto& plugins = load_plugins();
  ves::Context context;
  context.registry = &plugins.registry;
  const auto evaluator = context.create<ves::Evaluator>(evaluator_node(o), "evaluate");
  const auto pairs = pair_by_name(o.pred, o.pred_suffix, o.ref, o.ref_suffix);
  if (pairs.empty())
    throw ves::UsageError("no image files (.nii.gz, .nii, .nrrd, .nhdr, .mha, .mhd, .npy) in " +
                          o.pred + " or " + o.ref);

  std::mutex lock;  // guards component creation, results and the progress bar
  const VolumeFileReader read = [&](const fs::path& file) {
    std::unique_ptr<ves::Reader> reader;
    {
      std::lock_guard<std::mutex> guard(lock);
      Node node = Node::map();
      node.set("type", Node::scalar("image"));
      node.set("path", text(file.string()));
      reader = context.create<ves::Reader>(node, file.string());
    }
    ves::Sample sample = reader->load(reader->cases().front());
    if (!sample.has_volume("image"))
      throw ves::DataError(file.string() + ": the reader produced no image volume");
    return sample.volume("image");
  };
  const GridPolicy policy{o.resample, o.spacing_from};

  std::vector<std::optional<ves::CaseMetrics>> results(pairs.size());
  std::vector<std::string> failures(pairs.size());
  ves::Progress progress("evaluate", static_cast<int64_t>(pairs.size()), "cases");
  std::atomic<size_t> next{0};
  const auto work = [&] {
    for (size_t i = next++; i < pairs.size(); i = next++) {
      const FilePair& pair = pairs[i];
      std::string failure;
      std::optional<ves::CaseMetrics> metrics;
      if (pair.prediction.empty()) {
        failure = "no prediction file for reference " + pair.reference.string();
      } else if (pair.reference.empty()) {
        failure = "no reference file for prediction " + pair.prediction.string();
      } else {
        try {
          const auto [prediction, reference] = load_pair(pair, read, policy);
          metrics = evaluator->evaluate(prediction, reference);
        } catch (const ves::Error& e) {
          failure = e.what();
        } catch (const std::exception& e) {
          failure = std::string("unexpected failure: ") + e.what();
        }
      }
      std::lock_guard<std::mutex> guard(lock);
      results[i] = std::move(metrics);
      failures[i] = failure;
      progress.advance(1, pair.case_id);
    }
  };
  const unsigned hardware = std::max(1u, std::thread::hardware_concurrency());
  const size_t n_threads =
      std::min(pairs.size(), static_cast<size_t>(o.threads > 0 ? o.threads : hardware));
  std::vector<std::thread> pool;
  for (size_t t = 1; t < n_threads; ++t) pool.emplace_back(work);
  work();
  for (auto& thread : pool) thread.join();
  progress.finish();

  std::vector<ves::CaseMetrics> cases;
  std::vector<ves::FailedCase> failed;
  for (size_t i = 0; i < pairs.size(); ++i) {
    if (results[i]) cases.push_back(std::move(*results[i]));
    if (!failures[i].empty()) {
      failed.push_back({pairs[i].case_id, failures[i]});
      ves::log().warn("evaluate: case {} failed: {}", pairs[i].case_id, failures[i]);
    }
  }
  const auto report = ves::write_evaluation(o.out, *evaluator, cases, failed);
  if (!o.images.empty()) draw_overlays(o, context, *evaluator, pairs, read, policy, cases);
  std::cout << report.table << "per case: " << report.per_case_csv.string()
            << "\nsummary:  " << report.summary_json.string() << "\n";
  write_html_report(o, context);
  if (cases.empty()) {
    std::cerr << "error: no case could be scored; summary.json lists why under failed_cases\n";
    return 1;
  }
  return 0;
}

}  // namespace

Action add_evaluate_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "evaluate",
      "Score prediction files against reference files paired by name (per_case.csv, "
      "summary.json); metric definitions in docs/metrics.md");
  auto o = std::make_shared<EvaluateOptions>();
  cmd->add_option("--pred", o->pred, "folder of predictions: masks, label maps or probabilities");
  cmd->add_option("--ref", o->ref, "folder of references: masks or label maps");
  cmd->add_option("--out", o->out, "output folder for per_case.csv and summary.json");
  cmd->add_option("--pred-suffix", o->pred_suffix,
                  "text after the case name in prediction file names, e.g. _mask");
  cmd->add_option("--ref-suffix", o->ref_suffix, "text after the case name in reference names");
  cmd->add_option("--convention", o->convention, "boundary distance definitions")
      ->check(CLI::IsMember({"metricsreloaded", "pooled", "deepmind"}))
      ->capture_default_str();
  cmd->add_option("--threshold", o->threshold,
                  "probability maps: foreground where probability >= threshold")
      ->capture_default_str();
  cmd->add_option("--thresholds", o->thresholds,
                  "thresholds to sweep: 0.3,0.5,0.7 or start:stop:step (probability maps)");
  cmd->add_option("--images", o->images,
                  "folder of the images (paired by name): draws overlays of the worst cases into "
                  "OUT/pictures");
  cmd->add_option("--image-suffix", o->image_suffix, "text after the case name in image names");
  cmd->add_option("--pictures", o->pictures, "how many worst cases --images draws")
      ->capture_default_str();
  cmd->add_option("--labels", o->labels, "labels scored one by one, e.g. 1,2 (default: > 0)")
      ->delimiter(',');
  cmd->add_option("--metrics", o->metrics, "metric names to report (default: all)")->delimiter(',');
  cmd->add_option("--select-by", o->select_by,
                  "metric that picks the best threshold and orders the worst cases")
      ->capture_default_str();
  cmd->add_option("--connectivity", o->connectivity, "lesion connectivity: 6, 18 or 26")
      ->check(CLI::IsMember({6, 18, 26}))
      ->capture_default_str();
  cmd->add_option("--nsd-tolerance", o->nsd_tolerance, "surface Dice tolerance in mm")
      ->capture_default_str();
  cmd->add_option("--empty-dice", o->empty_dice, "Dice when both masks are empty")
      ->check(CLI::IsMember({"one", "nan"}))
      ->capture_default_str();
  cmd->add_option("--empty-distance", o->empty_distance, "distances when one mask is empty")
      ->check(CLI::IsMember({"nan", "inf", "diagonal"}))
      ->capture_default_str();
  cmd->add_flag("--exclude-empty-reference", o->exclude_empty_reference,
                "leave cases with an empty reference out of the means");
  cmd->add_flag("--resample", o->resample,
                "resample a prediction on another grid onto its reference's grid");
  cmd->add_option("--spacing-from", o->spacing_from,
                  "same-size files with differing headers: take the geometry of ref or pred")
      ->check(CLI::IsMember({"ref", "pred"}));
  cmd->add_option("--threads", o->threads, "cases scored at once (default: all cores)");
  cmd->add_flag("--xml", o->xml, "print the 3D Slicer CLI module description and exit");
  return [o]() { return run_evaluate(*o); };
}

}  // namespace vhost
