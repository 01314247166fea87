// `resize`: scale 2-D slices or 3-D volumes to a voxel size, by default keeping the aspect ratio
// (in voxels) and zero-padding the rest, centred. Invertible: crop the padding, scale back.
//
//   - type: resize
//     size: [256, 256]          # x, y (, z); 0 keeps an axis
//     keep_aspect: true
//     interpolation: linear     # images: linear | nearest; labels: nearest
//     keys: [image, label]
#include "registration.hpp"
#include "resize.hpp"
#include "transform_support.hpp"
#include "ves/api/transform.hpp"
#include "ves/core/error.hpp"

namespace ves::transforms {
namespace {

class Resize final : public CaseTransform {
 public:
  explicit Resize(const config::Params& p)
      : CaseTransform("resize"),
        keys_(p),
        size_(xyz_ints(p, "size", 0)),
        given_(p.get_ints("size").size()),
        keep_aspect_(p.get_bool("keep_aspect")),
        nearest_(p.get_string("interpolation") == "nearest") {
    if (given_ < 2) throw p.error("size", "expected 2 (x, y) or 3 (x, y, z) values");
    for (int a = 0; a < 3; ++a)
      if (size_[a] < 0) throw p.error("size", "must not be negative", "0 keeps an axis");
  }

  void run(Sample& sample, size_t step) const override {
    const auto keys = keys_.present(sample);
    if (keys.empty()) return;
    require_same_grid(sample, keys, "resize");
    const Volume& reference = sample.volume(keys[0]);
    if (given_ != static_cast<size_t>(reference.spatial_dims())) {
      throw DataError("case " + sample.case_id + ": resize size has " + std::to_string(given_) +
                      " values but the volume is " + reference.describe());
    }
    const ResizePlan plan = plan_resize(reference, size_, keep_aspect_);
    TransformRecord record = record_of(reference, step);
    store_start(record, plan.box);
    const char* scaled_names[3] = {"scaled_x", "scaled_y", "scaled_z"};
    for (int a = 0; a < 3; ++a)
      record.values[scaled_names[a]] = static_cast<double>(plan.scaled[a]);
    for (const auto& key : keys) {
      Volume& volume = sample.volume(key);
      volume =
          extract_box(scale_to(volume, plan.scaled, nearest_ || keys_.is_label(key)), plan.box);
    }
    sample.history.push_back(std::move(record));
  }

  bool invertible() const override { return true; }
  Volume invert(const Volume& volume, const TransformRecord& record, bool nearest) const override {
    std::array<int64_t, 3> scaled{1, 1, 1};
    const char* scaled_names[3] = {"scaled_x", "scaled_y", "scaled_z"};
    for (int a = 0; a < 3; ++a) scaled[a] = static_cast<int64_t>(record.values.at(scaled_names[a]));
    // Undo the padding (back to the scaled grid), then the scaling.
    const auto start = stored_start(record);
    Box back;
    back.size = scaled;
    for (int a = 0; a < 3; ++a) back.start[a] = -start[a];
    Volume out = scale_to(extract_box(volume, back), size_before(record), nearest);
    out.geometry = record.geometry_before;
    return out;
  }

 private:
  VolumeKeys keys_;
  std::array<int64_t, 3> size_;
  size_t given_;
  bool keep_aspect_, nearest_;
};

}  // namespace

void register_resize(Registry& registry) {
  config::Schema schema;
  schema.integers("size", std::nullopt, "target size in voxels (x, y[, z]); 0 keeps an axis");
  schema.flag("keep_aspect", true,
              "scale all axes by one factor (voxel aspect kept) and zero-pad to the size, centred");
  schema.choice("interpolation", "linear", {"linear", "nearest"},
                "image interpolation; label maps are always nearest");
  VolumeKeys::declare(schema, {"image", "label"});
  registry.add<Transform>(
      "resize", "resize 2-D or 3-D volumes to a size, keeping aspect; invertible", schema,
      [](const config::Params& p, const Context&) { return std::make_unique<Resize>(p); });
}

}  // namespace ves::transforms
