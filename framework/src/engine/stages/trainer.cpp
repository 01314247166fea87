#include "trainer.hpp"

#include <ATen/ATen.h>
#include <fmt/format.h>
#include <torch/nn/utils/clip_grad.h>
#include <torch/optim/optimizer.h>
#include <torch/utils.h>
#include <chrono>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "autocast_scope.hpp"
#include "case_cache.hpp"
#include "checkpoint_keeper.hpp"
#include "metrics_log.hpp"
#include "segmentation_scores.hpp"
#include "ves/api/callback.hpp"
#include "ves/core/error.hpp"
#include "ves/core/log.hpp"
#include "ves/engine/checkpoint.hpp"
#include "ves/engine/prefetch_loader.hpp"
#include "ves/engine/progress.hpp"
#include "ves/engine/run_directory.hpp"

namespace ves::stages {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Adds a loss and its terms to per-epoch sums: <prefix>loss, <prefix>loss_<term>.
void add_loss(ScalarMap& sums, const LossResult& loss, const std::string& prefix) {
  sums[prefix + "loss"] += loss.total.item<double>();
  for (const auto& [name, term] : loss.terms) sums[prefix + "loss_" + name] += term.item<double>();
}

class FoldTrainer {
 public:
  FoldTrainer(const TrainerSettings& settings, const TrainerParts& parts, const CaseSource& source,
              const StageContext& stage, fs::path dir, uint64_t seed)
      : s_(settings),
        parts_(parts),
        source_(source),
        stage_(stage),
        dir_(std::move(dir)),
        seed_(seed),
        device_(stage.context->device),
        keeper_(dir_ / "checkpoints", settings.monitor, settings.maximize, settings.top_k),
        log_(dir_ / "metrics.csv") {}

  FoldResult run(const std::vector<size_t>& train, const std::vector<size_t>& val);

 private:
  Sample training_case(size_t k) const;
  Batch make_batch(const std::vector<ItemRef>& items, int64_t epoch, const Rng& epoch_rng,
                   size_t index) const;
  ScalarMap train_epoch(int64_t epoch, Progress& progress);
  ScalarMap validate(int64_t epoch);
  ScalarMap validate_cases(int64_t epoch);
  ScalarMap validate_items(int64_t epoch);
  ScalarMap validate_by_loss(int64_t epoch);
  void write_histograms(int64_t epoch, const std::vector<HistogramRow>& rows) const;
  nlohmann::json state(int64_t epoch, const ScalarMap& row, bool stopped) const;
  void save(int64_t epoch, const ScalarMap& row, bool stopped);
  int64_t resume(bool* stopped);

  const TrainerSettings& s_;
  TrainerParts parts_;
  const CaseSource& source_;
  const StageContext& stage_;
  fs::path dir_;
  uint64_t seed_;
  c10::Device device_;
  CheckpointKeeper keeper_;
  MetricsLog log_;
  ScaledOptimizer optimizer_;
  std::unique_ptr<LrSchedule> schedule_;
  std::vector<size_t> train_;  ///< dataset indices of the training cases
  std::vector<Sample> train_cache_;
  CachedCases val_;
  size_t val_items_cases_ = 0;  ///< validation cases the validation sampler indexed
  int64_t bad_epochs_ = 0;
  bool monitor_warned_ = false;
};

Sample FoldTrainer::training_case(size_t k) const {
  if (s_.cache) return train_cache_[k];
  std::string why;
  auto sample = source_.load(train_[k], &why);
  if (!sample)
    throw DataError("training case " + source_.cases()[train_[k]].case_id +
                    " cannot be read: " + why + " (with cache: false, skipped cases stop the run)");
  return std::move(*sample);
}

Batch FoldTrainer::make_batch(const std::vector<ItemRef>& items, int64_t epoch,
                              const Rng& epoch_rng, size_t index) const {
  std::vector<Sample> samples;
  samples.reserve(items.size());
  for (size_t j = 0; j < items.size(); ++j) {
    Rng rng = epoch_rng.fork(1 + index * 4096 + j);
    Sample whole = training_case(items[j].case_index);
    whole.meta["epoch"] = std::to_string(epoch);
    Sample item = parts_.sampler->extract(whole, items[j], rng);
    // Augmentations may work in place: never let them reach the cached case's storage.
    for (auto& [name, volume] : item.volumes) {
      const auto it = whole.volumes.find(name);
      if (it != whole.volumes.end() && volume.data.storage().is_alias_of(it->second.data.storage()))
        volume.data = volume.data.clone();
    }
    parts_.augment->apply(item, rng, /*with_random=*/true);
    samples.push_back(std::move(item));
  }
  return Batch::collate(std::move(samples));
}

ScalarMap FoldTrainer::train_epoch(int64_t epoch, Progress& progress) {
  const auto start = Clock::now();
  const Rng epoch_rng = Rng(seed_).fork(0x747261696eULL).fork(static_cast<uint64_t>(epoch));
  torch::manual_seed(
      Rng(seed_).fork(0x746f726368ULL).fork(static_cast<uint64_t>(epoch)).next_u64());
  Rng plan_rng = epoch_rng.fork(0);
  const auto plan =
      parts_.sampler->plan_epoch(train_.size(), s_.batch_size, s_.iterations, plan_rng);
  if (plan.empty())
    throw DataError("the sampler planned no batch for epoch " + std::to_string(epoch));
  if (s_.iterations == 0)  // the sampler sets the epoch's length: the bar learns it now
    progress.set_total(progress.done() +
                       static_cast<int64_t>(plan.size()) * (s_.epochs - epoch + 1));

  PrefetchLoader loader(
      plan.size(), [&](size_t index) { return make_batch(plan[index], epoch, epoch_rng, index); },
      s_.workers, static_cast<size_t>(s_.prefetch));
  Model& model = *parts_.model;
  model.module().train();
  ScalarMap sums;
  int64_t samples = 0;
  double lr = 0.0;
  for (size_t i = 0; i < plan.size(); ++i) {
    std::optional<Batch> batch = loader.next();
    if (!batch) break;
    lr = schedule_->lr_at(static_cast<double>(epoch - 1) +
                          static_cast<double>(i) / static_cast<double>(plan.size()));
    optimizer_.set_learning_rate(lr);
    const Batch on_device = batch->to(device_);
    LossResult loss;
    {
      AutocastScope autocast(device_, s_.bf16);
      const TensorMap outputs = model.forward(on_device);
      loss = parts_.loss->compute(outputs, on_device);
    }
    // Numbers the model reports about this pass (a VQ-VAE's perplexity, codebook usage).
    for (const auto& [name, value] : model.diagnostics()) sums[name] += value;
    const double total = loss.total.item<double>();
    if (!std::isfinite(total))
      throw DataError(fmt::format(
          "the training loss became {} at epoch {}, iteration {} (cases {}); training stopped and "
          "the last good checkpoint is {}; lower optimizer.lr, set grad_clip, or look for NaNs in "
          "these cases",
          total, epoch, i + 1,
          [&] {
            std::string ids;
            for (const auto& item : on_device.items)
              ids += (ids.empty() ? "" : ", ") + item.case_id;
            return ids;
          }(),
          keeper_.last_file().string()));
    optimizer_.optimizer->zero_grad();
    loss.total.backward();
    if (s_.grad_clip > 0)
      torch::nn::utils::clip_grad_norm_(model.module().parameters(), s_.grad_clip);
    optimizer_.optimizer->step();
    add_loss(sums, loss, "");
    samples += on_device.size();
    progress.advance(1, fmt::format("epoch {}/{} loss {:.4f}", epoch, s_.epochs,
                                    sums["loss"] / static_cast<double>(i + 1)));
  }
  ScalarMap row;
  for (const auto& [name, sum] : sums) row[name] = sum / static_cast<double>(plan.size());
  row["lr"] = lr;
  row["seconds"] = seconds_since(start);
  row["samples_per_s"] = static_cast<double>(samples) / std::max(1e-9, row["seconds"]);
  row["data_wait_s"] = loader.wait_seconds();
  return row;
}

// Without an inferer: the loss (and its terms, and the model's diagnostics) on each whole
// validation case, averaged: val_loss, val_loss_<term>, val_<diagnostic>. Callbacks see the
// first case's outputs that have its image's grid (e.g. a reconstruction) as volumes.
ScalarMap FoldTrainer::validate_by_loss(int64_t epoch) {
  const auto start = Clock::now();
  Model& model = *parts_.model;
  model.module().eval();
  torch::NoGradGuard no_grad;
  AutocastScope autocast(device_, s_.bf16);
  size_t count = val_.samples.size();
  if (s_.val_max_cases > 0) count = std::min(count, static_cast<size_t>(s_.val_max_cases));
  ScalarMap sums;
  for (size_t k = 0; k < count; ++k) {
    const Batch batch = Batch::collate({val_.samples[k]}).to(device_);
    const TensorMap outputs = model.forward(batch);
    const LossResult loss = parts_.loss->compute(outputs, batch);
    add_loss(sums, loss, "val_");
    for (const auto& [name, value] : model.diagnostics()) sums["val_" + name] += value;
    if (k == 0 && !stage_.callbacks.empty()) {
      const Sample& sample = val_.samples[k];
      std::map<std::string, Volume> volumes;
      for (const auto& [name, tensor] : outputs)
        for (const auto& [input_name, input] : sample.volumes)
          if (tensor.dim() == input.data.dim() + 1 && tensor.size(0) == 1 &&
              tensor.sizes().slice(2) == input.data.sizes().slice(1)) {
            volumes[name] = Volume{tensor[0].detach().to(at::kCPU, at::kFloat), input.geometry};
            break;
          }
      for (Callback* callback : stage_.callbacks)
        callback->on_prediction(stage_.name, epoch, sample, volumes);
    }
  }
  ScalarMap row;
  for (const auto& [name, sum] : sums)
    row[name] = sum / static_cast<double>(std::max<size_t>(1, count));
  row["val_seconds"] = seconds_since(start);
  return row;
}

// Items (with a validation sampler) and/or whole cases (with an inferer); the loss on whole
// cases when there is neither.
ScalarMap FoldTrainer::validate(int64_t epoch) {
  if (!parts_.inferer && !parts_.val_sampler) return validate_by_loss(epoch);
  ScalarMap row;
  if (parts_.val_sampler) row = validate_items(epoch);
  if (parts_.inferer) {
    const double item_seconds = row.count("val_seconds") ? row["val_seconds"] : 0.0;
    for (const auto& [k, v] : validate_cases(epoch)) row[k] = v;
    row["val_seconds"] += item_seconds;
  }
  return row;
}

// Every item the validation sampler cuts from the validation cases (its plan at batch size 1,
// regrouped, so no item is dropped), through the augment chain's deterministic transforms
// only: val_loss and its terms, ItemMetrics, and the probability histograms.
ScalarMap FoldTrainer::validate_items(int64_t epoch) {
  const auto start = Clock::now();
  Model& model = *parts_.model;
  model.module().eval();
  torch::NoGradGuard no_grad;
  AutocastScope autocast(device_, s_.bf16);
  Rng rng = Rng(seed_).fork(0x76616c6964ULL);  // the same items every epoch
  std::vector<ItemRef> items;
  for (const auto& one : parts_.val_sampler->plan_epoch(val_items_cases_, 1, 0, rng))
    items.insert(items.end(), one.begin(), one.end());
  ItemMetrics metrics(s_.item_metrics);
  ScalarMap sums;
  size_t batches = 0;
  const auto per_batch = static_cast<size_t>(s_.batch_size);
  for (size_t first = 0; first < items.size(); first += per_batch) {
    std::vector<Sample> samples;
    for (size_t i = first; i < std::min(items.size(), first + per_batch); ++i) {
      Sample item = parts_.val_sampler->extract(val_.samples[items[i].case_index], items[i], rng);
      parts_.augment->apply(item, rng, /*with_random=*/false);
      samples.push_back(std::move(item));
    }
    const Batch batch = Batch::collate(std::move(samples)).to(device_);
    const TensorMap outputs = model.forward(batch);
    const LossResult loss = parts_.loss->compute(outputs, batch);
    add_loss(sums, loss, "val_");
    metrics.add(outputs, batch);
    ++batches;
  }
  ScalarMap row;
  for (const auto& [name, sum] : sums)
    row[name] = sum / static_cast<double>(std::max<size_t>(1, batches));
  for (const auto& [name, value] : metrics.values()) row[name] = value;
  write_histograms(epoch, metrics.histograms());
  row["val_items"] = static_cast<double>(items.size());
  row["val_seconds"] = seconds_since(start);
  return row;
}

// val_histograms.csv: epoch,head,truth,bin_low,bin_high,count; rows of this and later epochs
// (from before a resume) are replaced.
void FoldTrainer::write_histograms(int64_t epoch, const std::vector<HistogramRow>& rows) const {
  const fs::path file = dir_ / "val_histograms.csv";
  std::string text = "epoch,head,truth,bin_low,bin_high,count\n";
  if (std::ifstream in(file); in) {
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line))
      if (!line.empty() && std::stoll(line.substr(0, line.find(','))) < epoch) text += line + "\n";
  }
  for (const auto& row : rows) {
    const auto bins = static_cast<double>(row.counts.size());
    for (size_t b = 0; b < row.counts.size(); ++b)
      text += fmt::format("{},{},{},{:g},{:g},{}\n", epoch, row.head, row.truth,
                          static_cast<double>(b) / bins, static_cast<double>(b + 1) / bins,
                          row.counts[b]);
  }
  write_file_atomic(file, text);
}

ScalarMap FoldTrainer::validate_cases(int64_t epoch) {
  const auto start = Clock::now();
  Model& model = *parts_.model;
  model.module().eval();
  torch::NoGradGuard no_grad;
  AutocastScope autocast(device_, s_.bf16);  // validation runs at the training precision
  double sum = 0.0;
  size_t count = val_.samples.size();
  if (s_.val_max_cases > 0) count = std::min(count, static_cast<size_t>(s_.val_max_cases));
  for (size_t k = 0; k < count; ++k) {
    const Sample& sample = val_.samples[k];
    const auto outputs = parts_.inferer->infer({&model}, sample);
    const auto prob = outputs.find("prob");
    if (prob == outputs.end())
      throw UsageError("the validation inferer gives no 'prob' volume; set its result: prob");
    sum +=
        mean_dice(prediction_mask(prob->second.data, s_.threshold), sample.volume(s_.label).data);
    if (k == 0)
      for (Callback* callback : stage_.callbacks)
        callback->on_prediction(stage_.name, epoch, sample, outputs);
  }
  return {{"val_dice", count ? sum / static_cast<double>(count) : std::nan("")},
          {"val_seconds", seconds_since(start)}};
}

nlohmann::json FoldTrainer::state(int64_t epoch, const ScalarMap& row, bool stopped) const {
  nlohmann::json metrics = nlohmann::json::object();
  for (const auto& [k, v] : row)
    if (std::isfinite(v)) metrics[k] = v;
  return {{"epoch", epoch},
          {"epochs", s_.epochs},
          {"seed", seed_},
          {"schedule", schedule_->state()},
          {"keeper", keeper_.state()},
          {"bad_epochs", bad_epochs_},
          {"stopped_early", stopped},
          {"metrics", metrics}};
}

void FoldTrainer::save(int64_t epoch, const ScalarMap& row, bool stopped) {
  torch::nn::Module& module = parts_.model->module();
  const auto value = row.find(s_.monitor);
  CheckpointKeeper::Update update;
  if (value != row.end()) update = keeper_.update(epoch, value->second);
  const std::string text_after = state(epoch, row, stopped).dump();
  if (update.best) save_checkpoint(keeper_.best_file(), module, nullptr, text_after);
  if (!update.top_k_file.empty()) save_checkpoint(update.top_k_file, module, nullptr, text_after);
  save_checkpoint(keeper_.last_file(), module, optimizer_.optimizer.get(), text_after);
  for (const auto& file : update.obsolete) fs::remove(file);
}

int64_t FoldTrainer::resume(bool* stopped) {
  const fs::path last = keeper_.last_file();
  if (!fs::exists(last)) return 0;
  const auto state = nlohmann::json::parse(
      load_checkpoint(last, parts_.model->module(), optimizer_.optimizer.get()));
  const int64_t epoch = state.at("epoch").get<int64_t>();
  schedule_->set_state(state.at("schedule").get<std::string>());
  keeper_.set_state(state.at("keeper"));
  bad_epochs_ = state.value("bad_epochs", int64_t{0});
  *stopped = state.value("stopped_early", false);
  log_.resume(epoch);
  log().info("resuming {} after epoch {} from {}", dir_.string(), epoch, last.string());
  return epoch;
}

FoldResult FoldTrainer::run(const std::vector<size_t>& train, const std::vector<size_t>& val) {
  fs::create_directories(dir_ / "checkpoints");
  const int threads = std::max(1, stage_.context->threads);
  if (s_.cache) {
    CachedCases cached = load_cases(source_, train, threads, "load training cases");
    train_ = std::move(cached.indices);
    train_cache_ = std::move(cached.samples);
  } else {
    train_ = train;
  }
  if (train_.empty()) throw DataError("no training case: check the dataset and the split");
  if (!val.empty()) val_ = load_cases(source_, val, threads, "load validation cases");

  std::vector<CaseRef> refs;
  for (size_t i : train_) refs.push_back(source_.cases()[i]);
  parts_.sampler->prepare(refs, [this](size_t k) { return training_case(k); });
  if (parts_.val_sampler && !val_.samples.empty()) {
    val_items_cases_ = val_.samples.size();
    if (s_.val_max_cases > 0)
      val_items_cases_ = std::min(val_items_cases_, static_cast<size_t>(s_.val_max_cases));
    std::vector<CaseRef> val_refs;
    for (size_t k = 0; k < val_items_cases_; ++k)
      val_refs.push_back(source_.cases()[val_.indices[k]]);
    parts_.val_sampler->prepare(val_refs, [this](size_t k) { return val_.samples[k]; });
  }

  Model& model = *parts_.model;
  model.module().to(device_);
  if (!s_.init_from.empty()) {
    load_weights(s_.init_from, model.module(), s_.init_strict);
    log().info("initial weights from {}", s_.init_from.string());
  }
  optimizer_ = make_optimizer(model.parameter_groups(), s_.optimizer);
  schedule_ = std::make_unique<LrSchedule>(s_.schedule, s_.optimizer.lr, s_.epochs);

  bool stopped = false;
  const int64_t done = resume(&stopped);
  FoldResult result;
  Progress progress("train", (s_.epochs - done) * std::max<int64_t>(1, s_.iterations), "it");
  int64_t epoch = done + 1;
  for (; epoch <= s_.epochs && !stopped; ++epoch) {
    ScalarMap row = train_epoch(epoch, progress);
    const bool validate_now =
        !val_.samples.empty() && (epoch % s_.val_every == 0 || epoch == s_.epochs);
    if (validate_now)
      for (const auto& [k, v] : validate(epoch)) row[k] = v;
    const auto value = row.find(s_.monitor);
    if (validate_now && value == row.end() && !monitor_warned_) {
      std::string columns;
      for (const auto& [name, v] : row)
        if (name.rfind("val_", 0) == 0) columns += (columns.empty() ? "" : ", ") + name;
      log().warn(
          "train: the monitored {} is not among the validation values ({}); best.pt, the top-k "
          "and early stopping cannot follow it: set `monitor:` to one of them",
          s_.monitor, columns);
      monitor_warned_ = true;
    }
    if (value != row.end()) {
      schedule_->observe(value->second);  // only a plateau schedule uses it
      bad_epochs_ = keeper_.improves(value->second) ? 0 : bad_epochs_ + 1;
    } else if (!validate_now) {
      ++bad_epochs_;  // epochs between validations count toward patience too
    }
    stopped = s_.patience > 0 && bad_epochs_ >= s_.patience && epoch < s_.epochs;
    log_.add(epoch, row);
    save(epoch, row, stopped);
    std::string line = fmt::format("epoch {}/{}: loss {:.4f}", epoch, s_.epochs, row["loss"]);
    if (row.count("val_dice")) line += fmt::format(", val_dice {:.4f}", row["val_dice"]);
    if (row.count("val_loss")) line += fmt::format(", val_loss {:.4f}", row["val_loss"]);
    if (row.count("val_prauc")) line += fmt::format(", val_prauc {:.4f}", row["val_prauc"]);
    if (row.count("val_seg_dice"))
      line += fmt::format(", val_seg_dice {:.4f} (at {:.3g})", row["val_seg_dice"],
                          row["val_seg_threshold"]);
    log().info("{}, lr {:.3g}, {:.1f} s, data wait {:.1f} s", line, row["lr"], row["seconds"],
               row["data_wait_s"]);
    for (const auto& [metric, limit] : s_.warn_below) {
      const auto found = row.find(metric);
      if (found != row.end() && found->second < limit)
        log().warn("epoch {}: {} is {:.4g}, below {:.4g} (train.warn_below)", epoch, metric,
                   found->second, limit);
    }
    EpochReport report{stage_.name, epoch, row, dir_};
    for (Callback* callback : stage_.callbacks) callback->on_epoch_end(report);
    if (stopped)
      log().info("early stopping: {} did not improve for {} epochs (best {:.4f} at epoch {})",
                 s_.monitor, bad_epochs_, keeper_.best(), keeper_.best_epoch());
  }
  progress.finish();
  result.epochs = log_.rows().empty() ? 0 : log_.rows().back().first;
  result.best = fs::exists(keeper_.best_file()) ? keeper_.best_file() : keeper_.last_file();
  result.best_value = keeper_.best();
  return result;
}

}  // namespace

FoldResult train_fold(const TrainerSettings& settings, const TrainerParts& parts,
                      const CaseSource& source, const std::vector<size_t>& train,
                      const std::vector<size_t>& val, const StageContext& stage,
                      const std::filesystem::path& dir, uint64_t seed) {
  FoldTrainer trainer(settings, parts, source, stage, dir, seed);
  return trainer.run(train, val);
}

}  // namespace ves::stages
