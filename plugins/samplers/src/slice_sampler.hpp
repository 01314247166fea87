#pragma once
// `sampler/slices`: 2-D slices of 3-D cases (or 2-D cases as they are, e.g. a table of
// pre-cut slices), each with a class label (any foreground pixel), in balanced batches.
#include <string>
#include <vector>

#include "ves/api/sampler.hpp"
#include "ves/core/slicing.hpp"

namespace ves::samplers {

/// How an epoch mixes positive and negative slices.
enum class SliceBalance {
  Batch,       ///< every batch half positive, half negative; the smaller class sets the count
  Oversample,  ///< every positive slice `positive_repeat` times, then all shuffled
  None,        ///< every slice once, shuffled
};

struct SliceSamplerOptions {
  std::vector<SliceOrientation> orientations{SliceOrientation::Axial};  ///< of 3-D cases
  std::string label = "label";         ///< mask whose pixels > 0 make a slice positive
  std::string class_from;              ///< 2-D cases: this scalar is the class instead (when set)
  std::string target = "slice_label";  ///< scalar each item gets: its class, 0 or 1
  SliceBalance balance = SliceBalance::Batch;
  int64_t positive_repeat = 9;  ///< Oversample: copies of each positive slice per epoch
};

class SliceSampler final : public Sampler {
 public:
  explicit SliceSampler(SliceSamplerOptions options);

  /// Indexes every slice of every case (orientation, index, class); loads each case once.
  void prepare(const std::vector<CaseRef>& cases, const CaseLoader& load) override;
  /// One epoch's batches (see SliceBalance); `iterations` > 0 asks for that many full batches,
  /// reshuffling a class each time it runs out. Throws UsageError for an odd batch size with
  /// balance Batch, DataError when a class it needs has no slice.
  std::vector<std::vector<ItemRef>> plan_epoch(size_t num_cases, int64_t batch_size,
                                               int64_t iterations, Rng& rng) override;
  /// The slice of every volume, with meta orientation, slice_index and source_case, the case id
  /// "<case>_<orientation>_<index>" and the scalar `target` = its class.
  Sample extract(const Sample& whole, const ItemRef& item, Rng& rng) const override;

  /// The slices prepare() found, positives and negatives.
  const std::vector<ItemRef>& positives() const { return positives_; }
  const std::vector<ItemRef>& negatives() const { return negatives_; }

 private:
  std::vector<std::vector<ItemRef>> balanced_epoch(int64_t batch_size, int64_t iterations,
                                                   Rng& rng) const;

  SliceSamplerOptions options_;
  std::vector<ItemRef> positives_;
  std::vector<ItemRef> negatives_;
  bool prepared_ = false;
};

/// Class of each slice of `mask` ([C, Z, Y, X]) in `orientation`: 1 where any voxel is > 0.
std::vector<int64_t> slice_classes(const Volume& mask, SliceOrientation orientation);

}  // namespace ves::samplers
