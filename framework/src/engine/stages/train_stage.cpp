// Stage `train`: trains a model on the training set of a split (or on every fold in turn),
// validating on whole cases, with metrics.csv, checkpoints and true resume (see trainer.hpp).
#include <fmt/format.h>
#include <torch/utils.h>
#include <cmath>

#include "autocast_scope.hpp"
#include "builtin_stages.hpp"
#include "case_source.hpp"
#include "trainer.hpp"
#include "ves/api/stage.hpp"
#include "ves/config/config_error.hpp"
#include "ves/core/log.hpp"
#include "ves/engine/dataset.hpp"
#include "ves/engine/run_directory.hpp"
#include "ves/engine/runtime.hpp"
#include "ves/plugin/registry.hpp"

namespace ves::stages {

namespace {

namespace fs = std::filesystem;

TrainerSettings settings_from(const config::Params& p, const Context& context) {
  TrainerSettings s;
  s.epochs = p.get_int("epochs");
  s.iterations = p.get_int("iterations_per_epoch");
  s.batch_size = p.get_int("batch_size");
  s.workers = static_cast<int>(p.get_int("workers"));
  s.prefetch = p.get_int("prefetch");
  s.grad_clip = p.get_double("grad_clip");
  s.val_every = p.get_int("val_every");
  s.val_max_cases = p.get_int("val_max_cases");
  s.threshold = p.get_double("val_threshold");
  s.label = p.get_string("label");
  s.monitor = p.get_string("monitor");
  s.maximize = p.get_string("monitor_mode") == "max";
  s.patience = p.get_int("early_stopping_patience");
  s.top_k = p.get_int("top_k");
  s.bf16 = p.get_string("precision") == "bf16";
  s.cache = p.get_bool("cache");
  s.init_from = p.get_string("init_from");
  s.init_strict = p.get_bool("init_strict");
  if (p.has("warn_below") && !p.node("warn_below").is_null()) {
    const config::Node& limits = p.node("warn_below");
    if (!limits.is_map())
      throw p.error("warn_below", "must map metrics.csv columns to numbers",
                    "e.g. {codebook_usage: 0.1}");
    for (const auto& key : limits.keys()) s.warn_below[key] = limits.at(key).as_double();
  }
  const auto range = p.get_doubles("val_thresholds");
  if (range.size() != 3 || !(range[0] >= 0.0 && range[0] <= range[1] && range[1] <= 1.0) ||
      range[2] < 1 || range[2] != std::floor(range[2]))
    throw p.error("val_thresholds",
                  "needs [first, last, count] with 0 <= first <= last <= 1 and a whole count >= 1",
                  "[0.001, 0.95, 95]");
  s.item_metrics.thresholds = threshold_range(range[0], range[1], static_cast<int64_t>(range[2]));
  s.item_metrics.class_output = p.get_string("class_output");
  s.item_metrics.class_target = p.get_string("class_target");
  s.item_metrics.seg_output = p.get_string("seg_output");
  s.item_metrics.label = s.label;
  auto section = [&](const char* name) {
    return p.has(name) && !p.node(name).is_null() ? p.node(name) : config::Node::map();
  };
  s.optimizer = optimizer_options_from(section("optimizer"));
  s.schedule = schedule_options_from(section("schedule"));
  s.schedule.mode = s.maximize ? "max" : "min";  // a plateau watches the monitored metric
  if (s.bf16 && !context.validate_only) warn_if_emulated_bf16(context.device, "train");
  if (!s.init_from.empty() && !context.validate_only && !fs::exists(s.init_from))
    throw p.error("init_from", "file " + s.init_from.string() + " does not exist",
                  "give a checkpoint (.pt) written by a train stage");
  return s;
}

class TrainStage : public Stage {
 public:
  TrainStage(const config::Params& p, const Context& c)
      : source_(p, c, "train"),
        settings_(settings_from(p, c)),
        model_node_(p.node("model")),
        sampler_node_(p.node("sampler")),
        loss_(c.create<Loss>(p.node("loss"), "train.loss")),
        augment_(TransformChain::create(p.node("augment"), c, "train.augment")) {
    if (p.has("cases_where") && !p.node("cases_where").is_null())
      cases_where_ = CaseFilter(p.node("cases_where"));
    if (p.has("inferer") && !p.node("inferer").is_null())
      inferer_ = c.create<Inferer>(p.node("inferer"), "train.inferer");
    // Build once now: a model or sampler that cannot be built fails before training starts.
    c.create<Model>(model_node_, "train.model");
    c.create<Sampler>(sampler_node_, "train.sampler");
    if (p.has("val_sampler") && !p.node("val_sampler").is_null()) {
      val_sampler_node_ = p.node("val_sampler");
      c.create<Sampler>(val_sampler_node_, "train.val_sampler");
    }
  }

  void run(const StageContext& stage) override {
    const Context& c = *stage.context;
    // Cross-validation writes each trained fold to <stage>/fold_<k>/ (one or all of them).
    std::vector<int> folds{-1};
    if (source_.all_folds()) {
      folds.clear();
      for (int f = 0; f < source_.folds(); ++f) folds.push_back(f);
    } else if (source_.has_split() && source_.folds() > 1) {
      folds = {source_.fold()};
    }
    if (!inferer_ && !val_sampler_node_.is_map())
      log().info(
          "train: no `inferer:`, so validation is the loss on each whole validation case "
          "(val_loss, its terms and the model's diagnostics)");
    std::string list;
    for (int fold : folds) {
      fs::path dir = stage.dir;
      if (fold >= 0) {
        source_.set_fold(fold);
        dir = stage.dir / fmt::format("fold_{}", fold);
        // A run started before folds had their own folders keeps training where it was.
        const fs::path older =
            folds.size() > 1 ? stage.dir / fmt::format("fold{}", fold) : stage.dir;
        if (!fs::exists(dir) && fs::exists(older / "checkpoints" / "last.pt")) {
          log().warn("train: resuming fold {} in {} (the layout of an older version)", fold,
                     older.string());
          dir = older;
        }
        log().info("train: fold {} of {}", fold, source_.folds());
      }
      fs::create_directories(dir);
      // The fold's own timestamped log and the config it ran with, beside its checkpoints.
      ScopedLogFile fold_log(dir / "log.txt");
      if (fs::exists(c.run_dir / "config.yaml"))
        fs::copy_file(c.run_dir / "config.yaml", dir / "config.yaml",
                      fs::copy_options::overwrite_existing);
      source_.write_split(dir);
      TrainerSettings settings = settings_;
      const auto train = selected(source_.indices(Split::Set::Train), "training");
      const auto val = selected(source_.indices(Split::Set::Validation), "validation");
      if (!val.empty() && !inferer_ && val_sampler_node_.is_map() &&
          settings.monitor == "val_dice") {
        log().info(
            "train: checkpoints and early stopping follow val_seg_dice (items of the "
            "val_sampler; no inferer for val_dice)");
        settings.monitor = "val_seg_dice";
      } else if (!val.empty() && !inferer_ && settings.monitor == "val_dice") {
        log().info(
            "train: checkpoints and early stopping follow val_loss (no inferer for "
            "val_dice)");
        settings.monitor = "val_loss";
        settings.maximize = false;
        settings.schedule.mode = "min";
      }
      if (val.empty()) {
        if (settings.monitor.rfind("val_", 0) == 0) {
          log().warn(
              "train: no validation cases, so checkpoints and early stopping follow the "
              "training loss instead of {}",
              settings.monitor);
          settings.monitor = "loss";
          settings.maximize = false;
          settings.schedule.mode = "min";
        }
      }
      torch::manual_seed(c.seed);
      auto model = c.create<Model>(model_node_, "train.model");
      auto sampler = c.create<Sampler>(sampler_node_, "train.sampler");
      std::unique_ptr<Sampler> val_sampler;
      if (val_sampler_node_.is_map())
        val_sampler = c.create<Sampler>(val_sampler_node_, "train.val_sampler");
      TrainerParts parts{model.get(), loss_.get(),    sampler.get(),
                         &augment_,   inferer_.get(), val_sampler.get()};
      const FoldResult result =
          train_fold(settings, parts, source_, train, val, stage, dir, c.seed);
      const std::string key =
          stage.name + (fold >= 0 ? fmt::format(".fold{}", fold) : std::string()) + ".checkpoint";
      (*c.artifacts)[key] = result.best;
      (*c.artifacts)[stage.name + ".checkpoint"] = result.best;
      list += fs::absolute(result.best).string() + "\n";
      log().info("train{}: {} epochs, best {} {:.4f}, checkpoint {}",
                 fold >= 0 ? fmt::format(" fold {}", fold) : std::string(), result.epochs,
                 settings.monitor, result.best_value, result.best.string());
    }
    write_file_atomic(stage.dir / "checkpoints.txt", list);
    (*c.artifacts)[stage.name + ".checkpoints"] = stage.dir / "checkpoints.txt";
  }

 private:
  // The cases of `indices` that cases_where keeps (all without it).
  std::vector<size_t> selected(const std::vector<size_t>& indices, const char* which) const {
    if (cases_where_.empty()) return indices;
    std::vector<size_t> kept;
    for (size_t i : indices)
      if (cases_where_.matches(source_.cases()[i])) kept.push_back(i);
    log().info("train: cases_where keeps {} of {} {} cases", kept.size(), indices.size(), which);
    return kept;
  }

  CaseFilter cases_where_;
  CaseSource source_;
  TrainerSettings settings_;
  config::Node model_node_, sampler_node_, val_sampler_node_;
  std::unique_ptr<Loss> loss_;
  TransformChain augment_;
  std::unique_ptr<Inferer> inferer_;
};

}  // namespace

namespace {

// Validation scores every item once: a balancing slices sampler would drop or repeat items.
void check_val_sampler(const config::Node& v, const std::string& key) {
  if (!v.is_map()) return;  // the component check names other problems
  const config::Node* type = v.find("type");
  const config::Node* balance = v.find("balance");
  if (type && type->is_scalar() && type->text() == "slices" &&
      (!balance || !balance->is_scalar() || balance->text() != "none"))
    throw config::ConfigError(
        v.where(), key,
        "validation takes every slice once, so the slices sampler needs balance: none (got " +
            std::string(balance && balance->is_scalar() ? balance->text() : "the default, batch") +
            ")",
        "{type: slices, orientations: [axial], balance: none}");
}

}  // namespace

void register_train_stage(Registry& registry) {
  config::Schema schema;
  add_case_source_params(schema)
      .components("augment", "transform",
                  "random augmentations applied to every training item after the sampler")
      .component("sampler", "sampler", "how training items are cut from cases, e.g. {type: patch}")
      .component("model", "model", "the network, e.g. {type: unet3d}")
      .component("loss", "loss",
                 "the training loss, e.g. {type: compound, terms: [{type: dice}, "
                 "{type: bce}]}")
      .component("inferer", "inferer",
                 "how validation cases are predicted whole, e.g. {type: sliding_window}; absent: "
                 "no validation",
                 /*required=*/false)
      .any("optimizer",
           "optimiser: {type: adamw|adam|sgd, lr, weight_decay, betas, eps, "
           "momentum, nesterov}")
      .any("schedule",
           "learning-rate schedule: {type: cosine|poly|step|plateau|constant, "
           "warmup_epochs, min_lr, ...}; plateau watches `monitor` in `monitor_mode`")
      .integer("epochs", 100, "number of epochs", 1)
      .integer("iterations_per_epoch", 250, "batches per epoch (0 = one pass of the sampler)", 0)
      .integer("batch_size", 2, "items per batch", 1)
      .integer("workers", 2, "data-loading threads (0 = load in the training thread)", 0, 64)
      .integer("prefetch", 4, "batches prepared ahead of the training step", 1, 256)
      .real("grad_clip", 12.0, "largest gradient norm (0 = no clipping)", 0.0)
      .choice("precision", "fp32", {"fp32", "bf16"},
              "bf16 = autocast to bfloat16 for the forward pass and validation (CPUs with "
              "avx512_bf16, GPUs)")
      .integer("val_every", 1, "validate every k epochs (and after the last one)", 1)
      .integer("val_max_cases", 0, "validate on at most this many cases (0 = all)", 0)
      .real("val_threshold", 0.5, "probability threshold of the validation Dice", 0.0, 1.0)
      .component("val_sampler", "sampler",
                 "validate on the items this sampler cuts from the validation cases, e.g. every "
                 "slice: {type: slices, balance: none}; gives val_loss and its terms, and for the "
                 "outputs present val_accuracy, val_prauc, val_rocauc, val_f1 (+ threshold), "
                 "val_seg_dice, val_seg_iou (+ threshold), and val_histograms.csv",
                 /*required=*/false)
      .check("val_sampler", check_val_sampler)
      .reals("val_thresholds", std::vector<double>{0.001, 0.95, 95},
             "candidate thresholds [first, last, count], evenly spaced, swept for the best val_f1 "
             "(class head) and val_seg_dice (map)",
             3)
      .text("class_output", std::string("class_logits"),
            "val_sampler: model output with one class logit per item")
      .text("class_target", std::string("slice_label"),
            "val_sampler: batch scalar with each item's class (0 or 1)")
      .text("seg_output", std::string("seg_logits"),
            "val_sampler: model output with the 1-channel map logits, against `label`")
      .text("label", std::string("label"), "reference volume for validation")
      .text("monitor", std::string("val_dice"),
            "metric that picks best.pt, the top-k and early stopping (a metrics.csv column)")
      .choice("monitor_mode", "max", {"max", "min"}, "whether a larger monitor value is better")
      .integer("early_stopping_patience", 0,
               "stop after this many epochs without improvement (0 = never)", 0)
      .integer("top_k", 3, "keep the k best checkpoints besides best.pt and last.pt (0 = none)", 0)
      .path("init_from", std::string(),
            "start from these weights (a .pt checkpoint); unlike a resume, the optimiser starts "
            "fresh")
      .flag("init_strict", true,
            "init_from: every tensor must match; false = skip (with a warning) those whose name "
            "or shape differ, e.g. a new output head")
      .flag("cache", true, "keep preprocessed training and validation cases in memory")
      .any("warn_below",
           "metrics.csv columns and the value under which an epoch logs a warning, e.g. "
           "{codebook_usage: 0.1} for a collapsing VQ-VAE codebook")
      .any("cases_where",
           "train and validate only on the cases whose metadata match, e.g. {fracture: 0} to "
           "learn normal anatomy; the split is made on every case first, so other stages see "
           "the same test subjects");
  registry.add<Stage>("train",
                      "train a model: data loader, optimiser, schedule, validation, checkpoints, "
                      "resume",
                      schema, [](const config::Params& p, const Context& c) {
                        return std::make_unique<TrainStage>(p, c);
                      });
}

}  // namespace ves::stages
