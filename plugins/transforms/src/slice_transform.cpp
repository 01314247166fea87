// `slice`: one 2-D slice of 3-D volumes, with meta["orientation"] and meta["slice_index"].
// Orientations are array axes (see ves/core/slicing.hpp): reorient to RAS or LPS first.
//
//   - type: slice
//     orientation: axial     # axial (fixed z) | coronal (fixed y) | sagittal (fixed x)
//     index: -1              # slice number; -1 = the middle slice
//     keys: [image, label]
#include "registration.hpp"
#include "transform_support.hpp"
#include "ves/api/transform.hpp"
#include "ves/core/slicing.hpp"

namespace ves::transforms {
namespace {

class Slice final : public CaseTransform {
 public:
  explicit Slice(const config::Params& p)
      : CaseTransform("slice"),
        keys_(p),
        orientation_(parse_slice_orientation(p.get_string("orientation"))),
        index_(p.get_int("index")) {}

  void run(Sample& sample, size_t) const override {
    const auto keys = keys_.present(sample);
    if (keys.empty()) return;
    require_same_grid(sample, keys, "slice");
    const int64_t index =
        index_ >= 0 ? index_ : slice_count(sample.volume(keys[0]), orientation_) / 2;
    for (const auto& key : keys) {
      Volume& volume = sample.volume(key);
      volume = extract_slice(volume, orientation_, index);
    }
    sample.meta["orientation"] = slice_orientation_name(orientation_);
    sample.meta["slice_index"] = std::to_string(index);
  }

 private:
  VolumeKeys keys_;
  SliceOrientation orientation_;
  int64_t index_;
};

}  // namespace

void register_slice(Registry& registry) {
  config::Schema schema;
  schema.choice("orientation", "axial", {"axial", "coronal", "sagittal"},
                "axial fixes the array's z, coronal y, sagittal x (reorient to RAS/LPS first)");
  schema.integer("index", -1, "slice number along the fixed axis; -1 = the middle slice", -1);
  VolumeKeys::declare(schema, {"image", "label"});
  registry.add<Transform>(
      "slice", "take one 2-D slice [C, Y', X'] of 3-D volumes", schema,
      [](const config::Params& p, const Context&) { return std::make_unique<Slice>(p); });
}

}  // namespace ves::transforms
