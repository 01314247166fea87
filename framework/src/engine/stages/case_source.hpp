#pragma once
// Shared by the data stages: the dataset (reader, filters, on_error), volumes joined from earlier
// stages' predictions, an optional patient-level split, and deterministic preprocessing.
#include <memory>
#include <mutex>
#include <optional>

#include "ves/config/params.hpp"
#include "ves/engine/dataset.hpp"
#include "ves/engine/split.hpp"
#include "ves/engine/transform_chain.hpp"

namespace ves::stages {

/// Schema entries `dataset` (reader), `volumes_from`, `preprocess` (transform list) and `split`
/// for a data stage.
config::Schema& add_case_source_params(config::Schema& schema);

/// `volumes_from` entry: the sample's volume `volume` is output `output` of infer stage `stage`.
struct JoinedVolume {
  std::string volume, stage, output;
};

class CaseSource {
 public:
  CaseSource(const config::Params& params, const Context& context, const std::string& owner);
  const std::vector<CaseRef>& cases() const { return dataset_.cases(); }
  /// Loads case i and applies the deterministic preprocessing (random transforms skipped).
  /// With `on_error: skip`, an unreadable case gives nullopt and its message in `why`.
  /// With a split, meta["split"] and meta["fold"] say where the case belongs.
  std::optional<Sample> load(size_t i, std::string* why = nullptr) const;
  /// Writes split.csv into `dir` when a split is configured.
  void write_split(const std::filesystem::path& dir) const;
  bool has_split() const { return split_.has_value(); }
  /// The split in use (nullptr without `split:`).
  const Split* split() const { return split_ ? &*split_ : nullptr; }
  /// Number of folds, and whether `fold: all` asks a training stage to train each in turn.
  int folds() const { return options_.folds; }
  /// The validation fold (the one set last).
  int fold() const { return options_.fold; }
  bool all_folds() const { return options_.all_folds; }
  /// Recomputes the split with another validation fold (same subjects per fold).
  void set_fold(int fold);
  /// Case indices of one set; without a split every case is in the training set.
  std::vector<size_t> indices(Split::Set set) const;
  /// The deterministic preprocessing (to invert predictions back to the input grid).
  const TransformChain& preprocess() const { return preprocess_; }
  /// Loads case i as read (with the volumes_from volumes), without preprocessing (references
  /// for evaluation).
  std::optional<Sample> load_raw(size_t i, std::string* why = nullptr) const;
  /// Case i preprocessed as load() does it, from `raw` (as load_raw gave it), which keeps its
  /// data: transforms may work in place, so the volumes are copied first.
  Sample preprocessed(size_t i, const Sample& raw) const;

 private:
  std::optional<Sample> read(size_t i, std::string* why) const;
  /// Adds `join`'s file of this case to `sample` (DataError when missing or off its grid).
  void add_joined(const JoinedVolume& join, Sample& sample) const;
  void add_split_meta(size_t i, Sample& sample) const;
  void preprocess_in_place(size_t i, Sample& sample) const;
  /// The file of `join` for `case_id`, from its stage's predictions.csv (read once).
  std::filesystem::path joined_file(const JoinedVolume& join, const std::string& case_id) const;

  Dataset dataset_;
  const Context* context_;
  std::string owner_;
  std::vector<JoinedVolume> joins_;
  mutable std::mutex join_lock_;  // loads run on worker threads
  mutable std::map<std::string, std::map<std::string, std::filesystem::path>> join_files_;
  TransformChain preprocess_;
  SplitOptions options_;
  std::optional<Split> split_;
  uint64_t seed_;
};

}  // namespace ves::stages
