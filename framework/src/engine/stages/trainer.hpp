#pragma once
// The training loop of one fold: prefetching data loader, optimiser and schedule, validation on
// whole cases through the inferer, metrics.csv, checkpoints (best/last/top-k) and true resume.
#include <filesystem>
#include <map>
#include "item_metrics.hpp"

#include "case_source.hpp"
#include "ves/api/inferer.hpp"
#include "ves/api/loss.hpp"
#include "ves/api/model.hpp"
#include "ves/api/sampler.hpp"
#include "ves/api/stage.hpp"
#include "ves/engine/lr_schedule.hpp"
#include "ves/engine/optimizer.hpp"

namespace ves::stages {

struct TrainerSettings {
  int64_t epochs = 100;
  int64_t iterations = 250;  ///< batches per epoch (0 = the sampler's own count)
  int64_t batch_size = 2;
  int workers = 2;
  int64_t prefetch = 4;
  double grad_clip = 12.0;  ///< max gradient norm, 0 = off
  int64_t val_every = 1;
  int64_t val_max_cases = 0;  ///< 0 = every validation case
  double threshold = 0.5;     ///< validation Dice threshold
  std::string label = "label";
  std::string monitor = "val_dice";
  bool maximize = true;
  int64_t patience = 0;  ///< epochs without improvement before stopping, 0 = never
  int64_t top_k = 3;
  bool bf16 = false;
  bool cache = true;  ///< keep preprocessed cases in memory
  std::filesystem::path init_from;
  bool init_strict = true;  ///< init_from: false = skip tensors that do not fit
  /// metrics.csv column -> value: a warning each epoch the column falls below it (e.g.
  /// codebook_usage 0.1 flags a collapsing VQ-VAE codebook).
  std::map<std::string, double> warn_below;
  OptimizerOptions optimizer;
  ScheduleOptions schedule;
  ItemMetricsOptions item_metrics;  ///< with a validation sampler: heads, targets, thresholds
};

/// The components a fold trains with (owned by the stage; the model is fresh per fold).
struct TrainerParts {
  Model* model = nullptr;
  const Loss* loss = nullptr;
  Sampler* sampler = nullptr;
  const TransformChain* augment = nullptr;
  const Inferer* inferer = nullptr;  ///< validation on whole cases (val_dice); may be null
  Sampler* val_sampler = nullptr;    ///< validation on items (loss, ItemMetrics); may be null
};

struct FoldResult {
  std::filesystem::path best;  ///< best.pt (last.pt when nothing was validated)
  int64_t epochs = 0;          ///< epochs trained in total (resumed ones included)
  double best_value = 0.0;
};

/// Trains `train` cases (validating on `val`) into `dir` (metrics.csv, checkpoints/); resumes
/// from dir/checkpoints/last.pt when it exists. `seed` drives every random stream.
FoldResult train_fold(const TrainerSettings& settings, const TrainerParts& parts,
                      const CaseSource& source, const std::vector<size_t>& train,
                      const std::vector<size_t>& val, const StageContext& stage,
                      const std::filesystem::path& dir, uint64_t seed);

}  // namespace ves::stages
