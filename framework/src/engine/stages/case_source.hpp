#pragma once
// Shared by the data stages: the dataset (reader, filters, on_error), an optional patient-level
// split, and deterministic preprocessing, case by case.
#include <memory>
#include <optional>

#include "ves/config/params.hpp"
#include "ves/engine/dataset.hpp"
#include "ves/engine/split.hpp"
#include "ves/engine/transform_chain.hpp"

namespace ves::stages {

/// Schema entries `dataset` (reader), `preprocess` (transform list) and `split` for a data stage.
config::Schema& add_case_source_params(config::Schema& schema);

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

 private:
  Dataset dataset_;
  TransformChain preprocess_;
  std::optional<Split> split_;
  uint64_t seed_;
};

}  // namespace ves::stages
