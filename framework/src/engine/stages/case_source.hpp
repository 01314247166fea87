#pragma once
// Shared by the data stages: the dataset reader plus deterministic preprocessing, case by case.
#include <memory>

#include "ves/api/reader.hpp"
#include "ves/config/params.hpp"
#include "ves/engine/transform_chain.hpp"

namespace ves::stages {

/// Schema entries `dataset` (reader) and `preprocess` (transform list) for a data stage.
config::Schema& add_case_source_params(config::Schema& schema);

class CaseSource {
 public:
  CaseSource(const config::Params& params, const Context& context, const std::string& owner);
  const std::vector<CaseRef>& cases() const { return cases_; }
  /// Loads case i and applies the deterministic preprocessing (random transforms skipped).
  Sample load(size_t i) const;

 private:
  std::unique_ptr<Reader> reader_;
  TransformChain preprocess_;
  std::vector<CaseRef> cases_;
  uint64_t seed_;
};

}  // namespace ves::stages
