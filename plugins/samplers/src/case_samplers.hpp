#pragma once
// Samplers that visit every case in order, for validation: whole cases, or a regular grid of
// patches over each case.
#include "patch_geometry.hpp"
#include "ves/api/sampler.hpp"

namespace ves::samplers {

/// `sampler/full_volume`: one item per case, the whole preprocessed case. Cases of different
/// sizes cannot be stacked into one batch, so validation normally uses batch size 1.
class FullVolumeSampler final : public Sampler {
 public:
  /// Every case once, in order (with `iterations` > 0: that many batches, going round again).
  std::vector<std::vector<ItemRef>> plan_epoch(size_t num_cases, int64_t batch_size,
                                               int64_t iterations, Rng& rng) override;
  /// The case itself.
  Sample extract(const Sample& whole, const ItemRef& item, Rng& rng) const override;
};

/// `sampler/grid`: the windows of a regular grid (ves::window_corners) over each case, one
/// item per window with ItemRef.position = its corner. prepare() must run first: it loads
/// every case once (with its deterministic preprocessing) to learn its shape.
class GridSampler final : public Sampler {
 public:
  GridSampler(std::vector<int64_t> patch_size, double overlap, PatchPadding padding);

  /// Records each case's spatial shape (loads every case once).
  void prepare(const std::vector<CaseRef>& cases, const CaseLoader& load) override;
  /// Every window of every case, cases in order, windows last axis fastest; throws UsageError
  /// when prepare() did not see `num_cases` cases.
  std::vector<std::vector<ItemRef>> plan_epoch(size_t num_cases, int64_t batch_size,
                                               int64_t iterations, Rng& rng) override;
  /// The patch at item.position (padded where the case is smaller than the patch).
  Sample extract(const Sample& whole, const ItemRef& item, Rng& rng) const override;

 private:
  std::vector<int64_t> patch_size_;
  double overlap_;
  PatchPadding padding_;
  std::vector<std::vector<int64_t>> shapes_;  ///< per case, from prepare()
};

}  // namespace ves::samplers
