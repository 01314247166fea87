// Box-shaped crops and pads, all invertible by padding or cropping back:
//
//   - type: crop_foreground   # bounding box of nonzero voxels of `source` (any channel)
//     source: image           # or label; with no foreground the volume is kept whole
//     margin: 0               # voxels added on each side (clipped to the volume)
//   - type: crop_box          # a fixed box; parts outside the volume become zero padding
//     start: [0, 0, 0]        # x, y, z (x, y for 2-D)
//     size: [64, 64, 64]
//   - type: pad_crop          # centre-crop or zero-pad to a size; 0 keeps an axis
//     size: [128, 128, 128]
// each with keys: [image, label] (volumes on one grid).
#include <functional>

#include "registration.hpp"
#include "transform_support.hpp"
#include "ves/api/transform.hpp"
#include "ves/core/error.hpp"

namespace ves::transforms {
namespace {

// Finds the box on the sample (its volumes are on one grid; `reference` is the first key).
using BoxFinder = std::function<Box(const Sample& sample, const Volume& reference)>;

class BoxTransform final : public CaseTransform {
 public:
  BoxTransform(const config::Params& p, std::string name, BoxFinder finder)
      : CaseTransform(std::move(name)), keys_(p), finder_(std::move(finder)) {}

  void run(Sample& sample, size_t step) const override {
    const auto keys = keys_.present(sample);
    if (keys.empty()) return;
    require_same_grid(sample, keys, name());
    const Volume& reference = sample.volume(keys[0]);
    const Box box = finder_(sample, reference);
    TransformRecord record = record_of(reference, step);
    store_start(record, box);
    for (const auto& key : keys) {
      Volume& volume = sample.volume(key);
      volume = extract_box(volume, box);
    }
    sample.history.push_back(std::move(record));
  }

  bool invertible() const override { return true; }
  Volume invert(const Volume& volume, const TransformRecord& record, bool) const override {
    return undo_box(volume, stored_start(record), record);
  }

 private:
  VolumeKeys keys_;
  BoxFinder finder_;
};

void check_dims(const Volume& reference, size_t given, const Sample& sample, const char* what) {
  if (given != static_cast<size_t>(reference.spatial_dims())) {
    throw DataError("case " + sample.case_id + ": " + what + " has " + std::to_string(given) +
                    " values but the volume is " + std::to_string(reference.spatial_dims()) +
                    "-D (" + reference.describe() + ")");
  }
}

std::unique_ptr<Transform> crop_foreground(const config::Params& p) {
  const std::string source = p.get_string("source");
  const int64_t margin = p.get_int("margin");
  return std::make_unique<BoxTransform>(
      p, "crop_foreground", [source, margin](const Sample& sample, const Volume& reference) {
        const Volume& mask = sample.volume(source);
        if (mask.data.sizes().slice(1) != reference.data.sizes().slice(1)) {
          throw DataError("the source '" + source + "' (" + mask.describe() +
                          ") is not on the grid of the volumes to crop (" + reference.describe() +
                          ")");
        }
        const auto box = foreground_box(mask, margin);
        if (!box) return Box{{0, 0, 0}, reference.size_xyz()};
        return *box;
      });
}

std::unique_ptr<Transform> crop_box(const config::Params& p) {
  const size_t given = p.get_ints("size").size();
  if (given < 2) throw p.error("size", "expected 2 (x, y) or 3 (x, y, z) values");
  const auto start = xyz_ints(p, "start", 0);
  const auto size = xyz_ints(p, "size", 1);
  for (int a = 0; a < 3; ++a)
    if (size[a] < 1) throw p.error("size", "every axis must be at least 1 voxel");
  return std::make_unique<BoxTransform>(
      p, "crop_box", [start, size, given](const Sample& sample, const Volume& reference) {
        check_dims(reference, given, sample, "crop_box size");
        return Box{start, size};
      });
}

std::unique_ptr<Transform> pad_crop(const config::Params& p) {
  const size_t given = p.get_ints("size").size();
  if (given < 2) throw p.error("size", "expected 2 (x, y) or 3 (x, y, z) values");
  const auto size = xyz_ints(p, "size", 0);
  return std::make_unique<BoxTransform>(
      p, "pad_crop", [size, given](const Sample& sample, const Volume& reference) {
        check_dims(reference, given, sample, "pad_crop size");
        return centred_box(reference, size);
      });
}

}  // namespace

void register_crops(Registry& registry) {
  config::Schema foreground;
  foreground.text("source", "image", "volume whose nonzero voxels (any channel) define the box");
  foreground.integer("margin", 0, "voxels added on each side, clipped to the volume", 0);
  VolumeKeys::declare(foreground, {"image", "label"});
  registry.add<Transform>(
      "crop_foreground", "crop to the bounding box of nonzero voxels plus a margin; invertible",
      foreground, [](const config::Params& p, const Context&) { return crop_foreground(p); });

  config::Schema box;
  box.integers("start", std::vector<int64_t>{0, 0, 0}, "first voxel (x, y, z), may be negative");
  box.integers("size", std::nullopt, "box size in voxels (x, y, z); outside the volume is zero");
  VolumeKeys::declare(box, {"image", "label"});
  registry.add<Transform>("crop_box", "crop (or zero-pad) to a fixed index box; invertible", box,
                          [](const config::Params& p, const Context&) { return crop_box(p); });

  config::Schema centred;
  centred.integers("size", std::nullopt, "size in voxels (x, y[, z]); 0 keeps an axis");
  VolumeKeys::declare(centred, {"image", "label"});
  registry.add<Transform>("pad_crop", "centre-crop or zero-pad to a size; invertible", centred,
                          [](const config::Params& p, const Context&) { return pad_crop(p); });
}

}  // namespace ves::transforms
