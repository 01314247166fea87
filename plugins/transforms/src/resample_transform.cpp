// `resample`: to a target spacing; images with the chosen interpolator, labels nearest.
//
//   - type: resample
//     spacing: [1, 1, 1]        # mm (x, y, z); 0 or a missing axis keeps that axis' spacing
//     interpolation: linear     # images: bspline (cubic) | linear | nearest; labels: nearest
//     keys: [image, label]
//     label_keys: [label]
#include "registration.hpp"
#include "transform_support.hpp"
#include "ves/api/transform.hpp"
#include "ves/core/resample.hpp"

namespace ves::transforms {
namespace {

class Resample final : public CaseTransform {
 public:
  explicit Resample(const config::Params& p)
      : CaseTransform("resample"),
        keys_(p),
        interpolation_(parse_interpolation(p.get_string("interpolation"))) {
    const auto spacing = p.get_doubles("spacing");
    if (spacing.size() > 3) throw p.error("spacing", "expected at most 3 values (x, y, z)");
    for (size_t a = 0; a < spacing.size(); ++a) {
      if (spacing[a] < 0) throw p.error("spacing", "must not be negative", "0 keeps an axis");
      spacing_[a] = spacing[a];
    }
  }

  void run(Sample& sample, size_t step) const override {
    const auto keys = keys_.present(sample);
    if (keys.empty()) return;
    const Volume& reference = sample.volume(keys[0]);
    const Grid grid = grid_with_spacing(reference, spacing_);
    TransformRecord record = record_of(reference, step);
    // Every key lands on the reference's new grid, so image and label stay aligned.
    for (const auto& key : keys) {
      Volume& volume = sample.volume(key);
      volume = resample_onto(volume, grid,
                             keys_.is_label(key) ? Interpolation::Nearest : interpolation_);
    }
    sample.history.push_back(std::move(record));
  }

  bool invertible() const override { return true; }
  /// Back to the recorded grid: nearest for labels, linear otherwise (a cubic spline would
  /// overshoot probabilities).
  Volume invert(const Volume& volume, const TransformRecord& record, bool nearest) const override {
    const Grid original{record.geometry_before, size_before(record)};
    return resample_onto(volume, original,
                         nearest ? Interpolation::Nearest : Interpolation::Linear);
  }

 private:
  VolumeKeys keys_;
  Interpolation interpolation_;
  std::array<double, 3> spacing_{0.0, 0.0, 0.0};
};

}  // namespace

void register_resample(Registry& registry) {
  config::Schema schema;
  schema.reals("spacing", std::vector<double>{1.0, 1.0, 1.0},
               "target spacing in mm (x, y, z); 0 or a missing axis keeps that axis");
  schema.choice("interpolation", "linear", {"bspline", "linear", "nearest"},
                "image interpolation (bspline = cubic); label maps are always nearest");
  VolumeKeys::declare(schema, {"image", "label"});
  registry.add<Transform>(
      "resample", "resample to a voxel spacing, keeping the origin; invertible", schema,
      [](const config::Params& p, const Context&) { return std::make_unique<Resample>(p); });
}

}  // namespace ves::transforms
