#include "case_masks.hpp"

#include <ATen/ATen.h>

#include "ves/core/error.hpp"

namespace ves::metrics {

Volume prediction_map(const Sample& prediction, const PredictionSource& source) {
  if (prediction.has_volume(source.mask_key)) return prediction.volume(source.mask_key);
  if (prediction.has_volume(source.probability_key)) {
    const Volume& prob = prediction.volume(source.probability_key);
    return Volume{prob.data.ge(source.threshold).to(at::kByte), prob.geometry};
  }
  std::string present;
  for (const auto& [name, volume] : prediction.volumes)
    present += (present.empty() ? "" : ", ") + name;
  throw DataError("case " + prediction.case_id + ": the prediction has neither a '" +
                  source.mask_key + "' nor a '" + source.probability_key +
                  "' volume (it has: " + (present.empty() ? "none" : present) +
                  "); set the evaluator's `prediction` or `probability` to the right name");
}

void require_same_grid(const Volume& prediction, const Volume& reference,
                       const std::string& case_id) {
  for (const auto* side : {&prediction, &reference}) {
    if (side->channels() != 1)
      throw DataError("case " + case_id + ": the " +
                      (side == &prediction ? "prediction" : "reference") + " (" + side->describe() +
                      ") has several channels; the evaluator needs one mask or label map, so "
                      "take the argmax or one channel first");
  }
  const bool same_size = prediction.data.sizes().slice(1) == reference.data.sizes().slice(1);
  if (!same_size || !prediction.geometry.approx_equal(reference.geometry, 1e-4))
    throw DataError("case " + case_id + ": the prediction (" + prediction.describe() +
                    ") and the reference (" + reference.describe() +
                    ") are on different grids; resample the prediction onto the reference grid");
}

at::Tensor foreground_mask(const at::Tensor& map, std::optional<int64_t> label) {
  const at::Tensor inside = label ? map.eq(*label) : map.gt(0);
  return inside.to(at::kCPU, at::kByte).contiguous();
}

MaskGrid mask_grid(const Volume& volume) {
  return MaskGrid{volume.size_xyz(), volume.geometry.spacing};
}

}  // namespace ves::metrics
