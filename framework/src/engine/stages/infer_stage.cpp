// Stage `infer`: predicts the cases of one set (test by default) with a checkpoint ensemble,
// writes probability maps and masks on each case's original grid, and scores them when an
// evaluator is given (per_case.csv, summary.json).
#include <fmt/format.h>

#include <optional>
#include <set>

#include "autocast_scope.hpp"
#include "builtin_stages.hpp"
#include "case_predictor.hpp"
#include "case_source.hpp"
#include "ves/api/evaluator.hpp"
#include "ves/api/stage.hpp"
#include "ves/api/writer.hpp"
#include "ves/config/config_error.hpp"
#include "ves/core/error.hpp"
#include "ves/core/log.hpp"
#include "ves/core/statistics.hpp"
#include "ves/engine/csv_table.hpp"
#include "ves/engine/dataset.hpp"
#include "ves/engine/evaluation_report.hpp"
#include "ves/engine/progress.hpp"
#include "ves/engine/run_directory.hpp"
#include "ves/plugin/registry.hpp"
#include "voxel_reference.hpp"

namespace ves::stages {

namespace {

namespace fs = std::filesystem;

/// `standardize:`: which written volume is z-scored voxel by voxel against which cases.
struct StandardizeOptions {
  std::string volume;
  std::string set;
  CaseFilter where;
  double epsilon = 0.01;
};

config::Schema standardize_schema() {
  config::Schema s;
  s.text("volume", "error", "the written volume to standardise, e.g. error");
  s.choice("set", "train", {"train", "validation", "test", "all"},
           "split set of the reference cases");
  s.any("where", "reference cases' metadata, e.g. {fracture: 0} for normal vertebrae");
  s.real("epsilon", 0.01, "added to the standard deviation (> 0)", 0.0);
  return s;
}

/// Parses a `standardize:` map (ConfigError at the offending entry); `key` names it.
StandardizeOptions parse_standardize(const config::Node& node, const std::string& key) {
  const config::Params s = config::Params::validate(node, standardize_schema(), key);
  StandardizeOptions o;
  o.volume = s.get_string("volume");
  o.set = s.get_string("set");
  if (s.has("where") && !s.node("where").is_null()) o.where = CaseFilter(s.node("where"));
  o.epsilon = s.get_double("epsilon");
  if (!(o.epsilon > 0.0)) throw s.error("epsilon", "must be > 0");
  if (o.volume == "prob" || o.volume == "mask")
    throw s.error("volume",
                  "'" + o.volume +
                      "' cannot be standardised (the mask is thresholded "
                      "from prob before)",
                  "standardise a map such as an error map");
  return o;
}

std::optional<StandardizeOptions> standardize_from(const config::Params& p) {
  if (!p.has("standardize") || p.node("standardize").is_null()) return std::nullopt;
  return parse_standardize(p.node("standardize"), "infer.standardize");
}

void check_summaries(const config::Node& list, const std::string& key) {
  for (const auto& item : list.items())
    if (!is_summary_statistic(item.text()))
      throw config::ConfigError(item.where(), key, "'" + item.text() + "' is not a statistic",
                                "use mean, max, min or pNN such as p99");
}

// `from:` a train stage, or {role: stage}; `checkpoints:` a list of files, or {role: [files]}.
// Role "" when not a map. Throws ConfigError at the offending entry.
using RoleLists = std::map<std::string, std::vector<std::string>>;

RoleLists role_lists(const config::Node& node, const std::string& key, bool one_per_role) {
  RoleLists out;
  auto values = [&](const config::Node& v, const std::string& where) {
    std::vector<std::string> list;
    if (v.is_scalar()) {
      list.push_back(v.text());
    } else if (v.is_sequence() && !one_per_role) {
      for (const auto& item : v.items()) {
        if (!item.is_scalar())
          throw config::ConfigError(item.where(), where,
                                    "needs file names, got a " + item.kind_name());
        list.push_back(item.text());
      }
    } else {
      throw config::ConfigError(v.where(), where,
                                one_per_role
                                    ? "needs a train stage name, got a " + v.kind_name()
                                    : "needs a list of checkpoint files, got a " + v.kind_name());
    }
    return list;
  };
  if (node.is_null() || (node.is_sequence() && node.size() == 0)) return out;  // [] = absent
  if (node.is_map()) {
    if (node.size() == 0)
      throw config::ConfigError(node.where(), key, "is an empty map",
                                "e.g. {axial: axial, coronal: coronal, sagittal: sagittal}");
    for (const auto& [role, value] : node.entries()) out[role] = values(value, key + "." + role);
  } else {
    out[""] = values(node, key);
  }
  return out;
}

void check_from(const config::Node& v, const std::string& key) {
  role_lists(v, key, true);
}
void check_checkpoints(const config::Node& v, const std::string& key) {
  role_lists(v, key, false);
}

class InferStage : public Stage {
 public:
  InferStage(const config::Params& p, const Context& c)
      : source_(p, c, "infer"),
        model_node_(p.node("model")),
        inferer_(c.create<Inferer>(p.node("inferer"), "infer.inferer")),
        postprocess_(TransformChain::create(p.node("postprocess"), c, "infer.postprocess")),
        writer_(c.create<Writer>(p.node("writer"), "infer.writer")),
        set_(p.get_string("set")),
        evaluate_on_(p.get_string("evaluate_on")),
        extension_(p.get_string("extension")),
        outputs_(p.get_strings("outputs")),
        summaries_(p.get_strings("summaries")),
        standardize_(standardize_from(p)),
        threshold_(p.get_double("threshold")),
        bf16_(p.get_string("precision") == "bf16") {
    if (bf16_ && !c.validate_only) warn_if_emulated_bf16(c.device, "infer");
    if (p.has("from")) from_ = role_lists(p.node("from"), "from", true);
    if (from_.empty()) from_ = {{"", {"train"}}};
    if (p.has("checkpoints"))
      checkpoints_ = role_lists(p.node("checkpoints"), "checkpoints", false);
    if (p.has("evaluator") && !p.node("evaluator").is_null())
      evaluator_ = c.create<Evaluator>(p.node("evaluator"), "infer.evaluator");
    if (outputs_.empty()) throw p.error("outputs", "lists no volume", "e.g. [prob, mask]");
    if (standardize_ && standardize_->set != "all" && !source_.has_split())
      throw p.error("standardize", "set: " + standardize_->set + " needs a `split:`",
                    "or use set: all");
    c.create<Model>(model_node_, "infer.model");
  }

  void run(const StageContext& stage) override {
    const Context& c = *stage.context;
    RoleEnsembles ensembles;
    size_t count = 0;
    for (const auto& [role, entries] : checkpoints_.empty() ? from_ : checkpoints_) {
      std::vector<fs::path> files;
      if (!checkpoints_.empty()) {
        files.assign(entries.begin(), entries.end());
      } else {
        const std::string& from = entries.front();
        const auto it = c.artifacts->find(from + ".checkpoints");
        if (it == c.artifacts->end())
          throw UsageError("infer: no checkpoints from stage '" + from +
                           "'; run that train stage first (list it before this one in `stages:`) "
                           "or give `checkpoints:`");
        files = read_checkpoint_list(it->second);
      }
      count += files.size();
      ensembles[role] =
          load_ensemble(model_node_, files, c, role.empty() ? "infer" : "infer." + role);
    }
    CasePredictor predictor(std::move(ensembles), *inferer_, source_.preprocess(), postprocess_,
                            threshold_, bf16_);
    const auto cases = selected_cases();
    if (cases.empty())
      throw DataError("infer: the " + set_ + " set is empty; check `split:` or set `set: all`");
    log().info("infer: {} {} case(s) with {} checkpoint(s)", cases.size(), set_, count);

    const std::set<size_t> scored = cases_to_score(cases);
    std::optional<VoxelReference> reference;
    if (standardize_) reference = reference_statistics(predictor, stage);
    const fs::path out = stage.dir / "predictions";
    fs::create_directories(out);
    source_.write_split(stage.dir);
    CsvTable written;
    std::vector<CaseMetrics> scores;
    std::vector<FailedCase> failed;
    Progress progress("infer", static_cast<int64_t>(cases.size()), "cases");
    for (size_t i : cases) {
      std::string why;
      const auto raw = source_.load_raw(i, &why);  // read once: also the evaluator's reference
      if (!raw) {
        log().warn("infer: case {} skipped: {}", source_.cases()[i].case_id, why);
        if (scored.count(i)) failed.push_back({source_.cases()[i].case_id, why});
        progress.advance(1);
        continue;
      }
      const Sample sample = source_.preprocessed(i, *raw);
      Sample prediction = predictor.predict(sample);
      if (reference) {
        Volume& map = standardized_volume(prediction);
        map.data = reference->standardized(map.data, standardize_->epsilon, prediction.case_id);
      }
      written.add_row();
      written.set("case", prediction.case_id);
      written.set("subject", prediction.subject_id);
      for (const auto& name : outputs_) {
        const Volume* volume = nullptr;
        try {
          volume = &prediction.volume(name);
        } catch (const DataError& e) {  // a configuration problem: names the volumes there are
          throw UsageError(std::string("infer `outputs:` ") + e.what() +
                           "; list those, or set the inferer's result: to " + name);
        }
        const fs::path file = out / (prediction.case_id + "_" + name + extension_);
        writer_->write(*volume, file);
        written.set(name, fs::relative(file, stage.dir).string());
        if (name != "mask")
          for (const auto& statistic : summaries_)
            written.set(name + "_" + statistic, summary_statistic(volume->data, statistic));
      }
      for (Callback* callback : stage.callbacks)  // the case as read: the predictions' grid
        callback->on_prediction(stage.name, 0, *raw, prediction.volumes);
      if (evaluator_ && scored.count(i)) score(prediction, *raw, scores, failed);
      progress.advance(1, prediction.case_id);
    }
    progress.finish();
    written.write(stage.dir / "predictions.csv");
    (*c.artifacts)[stage.name + ".predictions"] = out;
    (*c.artifacts)[stage.name + ".predictions_csv"] = stage.dir / "predictions.csv";
    log().info("infer: predictions in {}", out.string());
    if (evaluator_) write_scores(stage, scores, failed);
  }

 private:
  Volume& standardized_volume(Sample& prediction) const {
    if (!prediction.has_volume(standardize_->volume))
      throw UsageError("infer `standardize: {volume: " + standardize_->volume +
                       "}`: the inferer gives no such volume; set its result: to it");
    return prediction.volume(standardize_->volume);
  }

  /// Pass 1 of `standardize`: the map of every reference case, its voxel mean and standard
  /// deviation (written as reference_mean / reference_std beside the predictions). Reference
  /// cases are predicted again in pass 2: keeping their maps would hold every one in memory.
  VoxelReference reference_statistics(const CasePredictor& predictor,
                                      const StageContext& stage) const {
    const std::vector<size_t> indices = cases_of(standardize_->set);
    if (indices.empty())
      throw UsageError("infer `standardize`: the " + standardize_->set +
                       " set is empty; check `split:` or standardise against another set");
    std::vector<size_t> kept;
    for (size_t i : indices)
      if (standardize_->where.empty() || standardize_->where.matches(source_.cases()[i]))
        kept.push_back(i);
    if (kept.empty())
      throw UsageError("infer `standardize`: no " + standardize_->set +
                       " case matches its `where:`; check the metadata names and values");
    VoxelReference reference;
    Progress progress("reference", static_cast<int64_t>(kept.size()), "cases");
    for (size_t i : kept) {
      std::string why;
      const auto raw = source_.load_raw(i, &why);
      if (!raw) {
        log().warn("infer: reference case {} skipped: {}", source_.cases()[i].case_id, why);
        progress.advance(1);
        continue;
      }
      Sample prediction = predictor.predict(source_.preprocessed(i, *raw));
      reference.add(standardized_volume(prediction), prediction.case_id);
      progress.advance(1, prediction.case_id);
    }
    progress.finish();
    if (reference.count() == 0)
      throw DataError("infer `standardize`: none of its reference cases could be read");
    if (reference.count() < 5)
      log().warn(
          "infer: {} standardised against only {} reference case(s): its voxel standard "
          "deviations are rough (epsilon {} keeps them above zero)",
          standardize_->volume, reference.count(), standardize_->epsilon);
    writer_->write(reference.mean(), stage.dir / ("reference_mean" + extension_));
    writer_->write(reference.std(), stage.dir / ("reference_std" + extension_));
    log().info(
        "infer: {} standardised by its voxel mean and std over {} {} reference case(s) "
        "(reference_mean{}, reference_std{})",
        standardize_->volume, reference.count(), standardize_->set, extension_, extension_);
    return reference;
  }

  /// The cases of `cases` the evaluator scores (`evaluate_on`).
  std::set<size_t> cases_to_score(const std::vector<size_t>& cases) const {
    if (evaluate_on_ == "predicted" || !evaluator_) return {cases.begin(), cases.end()};
    if (!source_.has_split())
      throw UsageError("infer: `evaluate_on: " + evaluate_on_ +
                       "` needs a `split:`; without one use evaluate_on: predicted");
    std::set<size_t> in_set;
    for (size_t i : source_.indices(set_of(evaluate_on_))) in_set.insert(i);
    std::set<size_t> both;
    for (size_t i : cases)
      if (in_set.count(i)) both.insert(i);
    if (both.empty())
      throw UsageError("infer: none of the predicted (" + set_ + ") cases is in the " +
                       evaluate_on_ + " set that `evaluate_on` scores");
    return both;
  }

  static Split::Set set_of(const std::string& name) {
    return name == "test"         ? Split::Set::Test
           : name == "validation" ? Split::Set::Validation
                                  : Split::Set::Train;
  }

  std::vector<size_t> selected_cases() const { return cases_of(set_); }

  /// The cases of one set of the split (`all`: every case).
  std::vector<size_t> cases_of(const std::string& set) const {
    if (set == "all") {
      std::vector<size_t> all(source_.cases().size());
      for (size_t i = 0; i < all.size(); ++i) all[i] = i;
      return all;
    }
    if (!source_.has_split())
      throw UsageError("infer: `set: " + set + "` needs a `split:`; without one use set: all");
    return source_.indices(set_of(set));
  }

  // A case the evaluator rejects (grid mismatch, missing volume) is listed, not fatal.
  void score(const Sample& prediction, const Sample& reference, std::vector<CaseMetrics>& scores,
             std::vector<FailedCase>& failed) const {
    try {
      scores.push_back(evaluator_->evaluate(prediction, reference));
    } catch (const DataError& e) {
      log().warn("infer: case {} not scored: {}", prediction.case_id, e.what());
      failed.push_back({prediction.case_id, e.what()});
    }
  }

  void write_scores(const StageContext& stage, const std::vector<CaseMetrics>& scores,
                    const std::vector<FailedCase>& failed) const {
    const EvaluationReport report = write_evaluation(stage.dir, *evaluator_, scores, failed);
    (*stage.context->artifacts)[stage.name + ".summary"] = report.summary_json;
    log().info("infer: {} case(s) scored on the {} set\n{}per case in {}, summary in {}",
               scores.size(), evaluate_on_ == "predicted" ? set_ : evaluate_on_, report.table,
               report.per_case_csv.string(), report.summary_json.string());
  }

  CaseSource source_;
  config::Node model_node_;
  std::unique_ptr<Inferer> inferer_;
  TransformChain postprocess_;
  std::unique_ptr<Writer> writer_;
  std::unique_ptr<Evaluator> evaluator_;
  std::string set_, evaluate_on_, extension_;
  RoleLists from_;         ///< role -> {train stage}
  RoleLists checkpoints_;  ///< role -> files; empty: from_
  std::vector<std::string> outputs_, summaries_;
  std::optional<StandardizeOptions> standardize_;
  double threshold_;
  bool bf16_;
};

}  // namespace

void register_infer_stage(Registry& registry) {
  config::Schema schema;
  add_case_source_params(schema)
      .choice("set", "test", {"test", "validation", "train", "all"},
              "which cases of the split to predict")
      .choice("evaluate_on", "predicted", {"predicted", "test", "validation", "train"},
              "which of them the evaluator scores: every predicted case, or those of one set "
              "(e.g. set: all to feed a later stage, evaluate_on: test)")
      .component("model", "model", "the network the checkpoints were trained with")
      .any("checkpoints",
           "checkpoint files to average (an ensemble), or {role: [files]} for an inferer that "
           "combines models trained apart; absent: those of the `from` stage(s)")
      .check("checkpoints", check_checkpoints)
      .any("from",
           "train stage of this pipeline whose best checkpoints (every fold) are used (default "
           "train), or {role: stage} for an inferer that combines models trained apart, e.g. "
           "slice_fusion's {axial: axial, coronal: coronal, sagittal: sagittal}")
      .check("from", check_from)
      .component("inferer", "inferer", "how a whole case is predicted, e.g. {type: sliding_window}")
      .real("threshold", 0.5, "probability threshold of the mask (one output channel)", 0.0, 1.0)
      .choice("precision", "fp32", {"fp32", "bf16"},
              "bf16 = the models run under bfloat16 autocast (CPUs with avx512_bf16, GPUs)")
      .components("postprocess", "transform",
                  "transforms applied to the prediction {prob, mask} on the original grid, e.g. "
                  "connected_components")
      .texts("outputs", std::vector<std::string>{"prob", "mask"},
             "volumes to write: any the inferer gives (its result:, e.g. prob or error) and "
             "mask (thresholded from prob)")
      .any("standardize",
           "z-score a volume voxel by voxel against reference cases before it is written and "
           "scored: {volume: error, set: train, where: {fracture: 0}, epsilon: 0.01} gives "
           "(error - mean) / (std + epsilon) over the normal training cases (fixed-size crops)")
      .check("standardize",
             [](const config::Node& v, const std::string& key) { parse_standardize(v, key); })
      .texts("summaries", std::vector<std::string>{},
             "per case, these statistics (mean, max, min, pNN) of every written volume but the "
             "mask, as columns <volume>_<statistic> of predictions.csv: e.g. [mean, p99] of an "
             "error map are anomaly scores")
      .check("summaries", check_summaries)
      .component("writer", "writer", "file writer, e.g. {type: itk}")
      .text("extension", std::string(".nii.gz"), "file extension, which picks the format")
      .component("evaluator", "evaluator",
                 "scores each prediction against the case's label (per_case.csv, summary.json); "
                 "absent: no scoring",
                 /*required=*/false);
  registry.add<Stage>("infer",
                      "predict cases with a checkpoint ensemble, write them on their original "
                      "grid, and score them",
                      schema, [](const config::Params& p, const Context& c) {
                        return std::make_unique<InferStage>(p, c);
                      });
}

}  // namespace ves::stages
