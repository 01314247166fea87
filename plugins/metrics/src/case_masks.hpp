#pragma once
// From a case's volumes to the byte masks the metrics library reads.
#include <ATen/core/Tensor.h>

#include <optional>
#include <string>

#include "lib/mask_grid.hpp"
#include "ves/core/sample.hpp"

namespace ves::metrics {

/// Where the prediction's mask comes from: the volume `mask_key`, or when the sample lacks it,
/// the volume `probability_key` with voxels >= `threshold` set to 1.
struct PredictionSource {
  std::string mask_key = "mask";
  std::string probability_key = "prob";
  double threshold = 0.5;
};

/// The prediction's mask or label map (one channel); throws DataError naming the case when the
/// sample has neither volume.
Volume prediction_map(const Sample& prediction, const PredictionSource& source);

/// Throws DataError naming the case and both grids unless `prediction` and `reference` have one
/// channel each and the same spatial size, spacing, origin and direction (within 1e-4).
void require_same_grid(const Volume& prediction, const Volume& reference,
                       const std::string& case_id);

/// Foreground of a label map as a contiguous CPU uint8 tensor: map > 0, or map == `label`.
at::Tensor foreground_mask(const at::Tensor& map, std::optional<int64_t> label);

/// The library's grid of a volume: size [x, y, z] and spacing.
MaskGrid mask_grid(const Volume& volume);

}  // namespace ves::metrics
