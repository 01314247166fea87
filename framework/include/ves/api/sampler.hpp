#pragma once
// Sampler: turns a dataset into training items and batches (patches, slices, balanced batches).
#include <functional>
#include <vector>

#include "ves/api/component.hpp"
#include "ves/api/reader.hpp"
#include "ves/core/rng.hpp"

namespace ves {

/// One training item to make from case `case_index`: where (patch corner, slice index),
/// and any class label the sampler knows in advance (for balanced batches).
struct ItemRef {
  size_t case_index = 0;
  std::vector<int64_t> position;  ///< sampler-defined (e.g. slice index, or empty = random)
  int64_t label = -1;             ///< class known at planning time, -1 when unknown
  std::string tag;                ///< sampler-defined (e.g. "axial")
};

/// Loads case i with deterministic preprocessing applied (for indexing in prepare()).
using CaseLoader = std::function<Sample(size_t)>;

class Sampler : public Component {
 public:
  static constexpr const char* kKind = "sampler";
  /// Called once before training with the dataset (e.g. to index slices and their labels).
  virtual void prepare(const std::vector<CaseRef>& cases, const CaseLoader& load) {}
  /// The batches of one epoch (each a list of items); `iterations` > 0 asks for that many
  /// batches, 0 lets the sampler decide (one pass over its items); `rng` is the epoch's stream.
  virtual std::vector<std::vector<ItemRef>> plan_epoch(size_t num_cases, int64_t batch_size,
                                                       int64_t iterations, Rng& rng) = 0;
  /// Cuts the item out of its loaded, preprocessed case (thread-safe).
  virtual Sample extract(const Sample& whole, const ItemRef& item, Rng& rng) const = 0;
};

}  // namespace ves
