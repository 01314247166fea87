// Postprocessing of predictions:
//
//   - type: threshold          # probabilities -> mask
//     source: prob
//     target: mask             # may equal source
//     threshold: 0.5           # mask = prob >= threshold
//     dtype: uint8             # uint8 | float32
//   - type: connected_components
//     key: mask                # edited in place, channel by channel
//     connectivity: 26         # 6 | 18 | 26 (2-D masks: 6 -> 4, 18 and 26 -> 8 neighbours)
//     min_size: 0              # drop components with fewer voxels
//     min_volume_ml: 0         # ... or a smaller volume (1 mL = 1000 mm^3), from the spacing
//     score: max               # max | p95 | mean of `prob_key` inside each component
//     min_score: 0             # drop components scoring below (0 = no score filter)
//     prob_key: prob
//     keep_largest: 0          # then keep the k largest (0 = all)
#include <ATen/ATen.h>

#include <cmath>

#include "components.hpp"
#include "labels.hpp"
#include "registration.hpp"
#include "transform_support.hpp"
#include "ves/api/transform.hpp"
#include "ves/core/error.hpp"

namespace ves::transforms {
namespace {

class Threshold final : public CaseTransform {
 public:
  explicit Threshold(const config::Params& p)
      : CaseTransform("threshold"),
        source_(p.get_string("source")),
        target_(p.get_string("target")),
        threshold_(p.get_double("threshold")),
        dtype_(p.get_string("dtype") == "float32" ? at::kFloat : at::kByte) {}

  void run(Sample& sample, size_t) const override {
    const Volume& prob = sample.volume(source_);
    Volume mask{threshold_mask(prob.data, threshold_, dtype_), prob.geometry};
    sample.volumes[target_] = std::move(mask);
  }

 private:
  std::string source_, target_;
  double threshold_;
  at::ScalarType dtype_;
};

class ConnectedComponents final : public CaseTransform {
 public:
  explicit ConnectedComponents(const config::Params& p)
      : CaseTransform("connected_components"),
        key_(p.get_string("key")),
        prob_key_(p.get_string("prob_key")),
        min_volume_ml_(p.get_double("min_volume_ml")) {
    filter_.connectivity = static_cast<int>(p.get_int("connectivity"));
    if (filter_.connectivity != 6 && filter_.connectivity != 18 && filter_.connectivity != 26)
      throw p.error("connectivity", "must be 6, 18 or 26");
    filter_.min_voxels = p.get_int("min_size");
    filter_.keep_largest = p.get_int("keep_largest");
    filter_.score = parse_component_score(p.get_string("score"));
    filter_.min_score = p.get_double("min_score");
  }

  void run(Sample& sample, size_t) const override {
    Volume& mask = sample.volume(key_);
    ComponentFilter filter = filter_;
    if (min_volume_ml_ > 0) {
      const double voxel_ml = mask.geometry.voxel_volume_mm3() / 1000.0;
      filter.min_voxels = std::max(
          filter.min_voxels, static_cast<int64_t>(std::ceil(min_volume_ml_ / voxel_ml - 1e-9)));
    }
    at::Tensor prob;
    if (filter.min_score > 0) {
      prob = sample.volume(prob_key_).data;
      if (prob.sizes().slice(1) != mask.data.sizes().slice(1) ||
          (prob.size(0) != 1 && prob.size(0) != mask.data.size(0))) {
        throw DataError("case " + sample.case_id + ": connected_components needs '" + prob_key_ +
                        "' (" + sample.volume(prob_key_).describe() + ") on the grid of '" + key_ +
                        "' (" + mask.describe() + ")");
      }
    }
    const bool flat = mask.spatial_dims() == 2;  // a 2-D mask is one z-slice
    std::vector<at::Tensor> channels;
    for (int64_t c = 0; c < mask.channels(); ++c) {
      at::Tensor m = flat ? mask.data[c].unsqueeze(0) : mask.data[c];
      at::Tensor q;
      if (prob.defined()) q = prob[prob.size(0) == 1 ? 0 : c];
      if (q.defined() && flat) q = q.unsqueeze(0);
      at::Tensor kept = filter_components(m, q, filter);
      channels.push_back(flat ? kept.squeeze(0) : kept);
    }
    mask.data = at::stack(channels, 0);
  }

 private:
  std::string key_, prob_key_;
  double min_volume_ml_;
  ComponentFilter filter_;
};

}  // namespace

void register_postprocess(Registry& registry) {
  config::Schema threshold;
  threshold.text("source", "prob", "probability volume to threshold");
  threshold.text("target", "mask", "volume to write the mask to (may be the source)");
  threshold.real("threshold", 0.5, "voxels with probability >= threshold become 1");
  threshold.choice("dtype", "uint8", {"uint8", "float32"}, "mask data type");
  registry.add<Transform>(
      "threshold", "turn probabilities into a binary mask", threshold,
      [](const config::Params& p, const Context&) { return std::make_unique<Threshold>(p); });

  config::Schema components;
  components.text("key", "mask", "binary mask to clean (edited in place, per channel)");
  components.integer("connectivity", 26, "neighbours that connect voxels: 6, 18 or 26", 6, 26);
  components.integer("min_size", 0, "drop components with fewer voxels than this", 0);
  components.real("min_volume_ml", 0.0, "drop components smaller than this volume in mL", 0.0);
  components.choice("score", "max", {"max", "p95", "mean"},
                    "how a component's probabilities are summarised for min_score");
  components.real("min_score", 0.0, "drop components whose score is below this (0 = off)", 0.0);
  components.text("prob_key", "prob", "probability volume read for the score");
  components.integer("keep_largest", 0, "keep only the k largest remaining components (0 = all)",
                     0);
  registry.add<Transform>("connected_components",
                          "remove small, low-probability or surplus connected components",
                          components, [](const config::Params& p, const Context&) {
                            return std::make_unique<ConnectedComponents>(p);
                          });
}

}  // namespace ves::transforms
