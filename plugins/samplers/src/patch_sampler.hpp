#pragma once
// Random training patches: a share centred (up to an offset) on a random foreground voxel, the
// rest anywhere in the case, padded where the case is smaller than the patch.
#include <optional>

#include "patch_geometry.hpp"
#include "ves/api/sampler.hpp"

namespace ves::samplers {

/// What `sampler/patch` is built from (the YAML parameters of the same names).
struct PatchOptions {
  std::vector<int64_t> patch_size;  ///< (Z, Y, X) or (Y, X) voxels
  double foreground_ratio = 0.5;    ///< share of items centred on a foreground voxel
  double offset = 0.25;             ///< largest centre shift, as a fraction of the patch size
  std::string label = "label";      ///< volume whose voxels > 0 are foreground
  double pad_value = 0.0;           ///< padding of floating-point volumes other than `label`
};

class PatchSampler final : public Sampler {
 public:
  explicit PatchSampler(PatchOptions options);

  /// `iterations` batches (0: ceil(num_cases / batch_size)); every item picks a case
  /// uniformly and is tagged "foreground" with probability foreground_ratio, else "random".
  std::vector<std::vector<ItemRef>> plan_epoch(size_t num_cases, int64_t batch_size,
                                               int64_t iterations, Rng& rng) override;
  /// The patch at item.position when given, else at a corner drawn from `rng` by its tag.
  Sample extract(const Sample& whole, const ItemRef& item, Rng& rng) const override;

  /// The corner of a patch around a random foreground voxel of `whole`, or nullopt when it
  /// has none. Throws DataError naming the case when the label volume is missing.
  std::optional<std::vector<int64_t>> foreground_corner(const Sample& whole,
                                                        const std::vector<int64_t>& shape,
                                                        Rng& rng) const;
  /// A corner drawn uniformly from every corner the case allows (corner_range per axis).
  std::vector<int64_t> uniform_corner(const std::vector<int64_t>& shape, Rng& rng) const;

 private:
  PatchOptions options_;
};

}  // namespace ves::samplers
