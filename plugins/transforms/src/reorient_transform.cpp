// `reorient`: permute and flip array axes to a canonical orientation; voxels keep their values
// and physical positions.
//
//   - type: reorient
//     orientation: RAS     # where x, y, z point (LPS = ITK's identity, RAS = NIfTI's RAS+)
//     keys: [image, label]
#include "orientation.hpp"
#include "registration.hpp"
#include "transform_support.hpp"
#include "ves/api/transform.hpp"
#include "ves/core/error.hpp"

namespace ves::transforms {
namespace {

class Reorient final : public CaseTransform {
 public:
  explicit Reorient(const config::Params& p) : CaseTransform("reorient"), keys_(p) {
    try {
      target_ = direction_of_code(p.get_string("orientation"));
    } catch (const Error& e) {
      throw p.error("orientation", e.what());
    }
  }

  void run(Sample& sample, size_t step) const override {
    const auto keys = keys_.present(sample);
    if (keys.empty()) return;
    require_same_grid(sample, keys, "reorient");
    const Volume& reference = sample.volume(keys[0]);
    const AxisPlan plan = plan_towards(reference.geometry, target_);
    TransformRecord record = record_of(reference, step);
    for (const auto& key : keys) {
      Volume& volume = sample.volume(key);
      volume = apply_axis_plan(volume, plan);
    }
    sample.history.push_back(std::move(record));
  }

  bool invertible() const override { return true; }
  Volume invert(const Volume& volume, const TransformRecord& record, bool) const override {
    Volume out =
        apply_axis_plan(volume, plan_towards(volume.geometry, record.geometry_before.direction));
    out.geometry = record.geometry_before;
    return out;
  }

 private:
  VolumeKeys keys_;
  std::array<double, 9> target_{};
};

}  // namespace

void register_reorient(Registry& registry) {
  config::Schema schema;
  schema.text("orientation", "RAS",
              "where the x, y, z axes point afterwards, e.g. RAS or LPS (DICOM/nibabel letters)");
  VolumeKeys::declare(schema, {"image", "label"});
  registry.add<Transform>(
      "reorient", "permute and flip axes to a canonical orientation (no interpolation); invertible",
      schema,
      [](const config::Params& p, const Context&) { return std::make_unique<Reorient>(p); });
}

}  // namespace ves::transforms
