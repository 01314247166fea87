// Label transforms.
//
//   - type: remap_labels      # renumber label classes
//     mapping: {2: 1, 3: 0}   # from: to
//     default: keep           # unmapped values: keep, or a number to set them to
//     keys: [label]           # absent volumes are skipped (no labels at inference)
//   - type: label_boxes       # coarse (weak) labels: each lesion becomes its bounding box
//     margin_mm: 2.0          # grown by this much on every side (clipped to the grid)
//     keys: [label]
#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "components.hpp"
#include "labels.hpp"
#include "registration.hpp"
#include "transform_support.hpp"
#include "ves/api/transform.hpp"

namespace ves::transforms {
namespace {

bool parse_number(const std::string& text, double& value) {
  char* end = nullptr;
  value = std::strtod(text.c_str(), &end);
  return !text.empty() && end == text.c_str() + text.size();
}

class RemapLabels final : public CaseTransform {
 public:
  explicit RemapLabels(const config::Params& p)
      : CaseTransform("remap_labels"), keys_(p.get_strings("keys")) {
    const config::Node& mapping = p.node("mapping");
    for (const auto& [from_text, to_node] : mapping.entries()) {
      double from = 0, to = 0;
      if (!parse_number(from_text, from) || !to_node.is_scalar() ||
          !parse_number(to_node.text(), to))
        throw p.error("mapping", "expected numbers on both sides, e.g. {2: 1, 3: 0}");
      mapping_[from] = to;
    }
    const std::string fallback = p.get_string("default");
    if (fallback != "keep") {
      double value = 0;
      if (!parse_number(fallback, value))
        throw p.error("default", "expected 'keep' or a number, got '" + fallback + "'");
      unmapped_ = value;
    }
  }

  void run(Sample& sample, size_t) const override {
    for (const auto& key : keys_) {
      if (!sample.has_volume(key)) continue;
      Volume& volume = sample.volume(key);
      volume.data = remap_values(volume.data, mapping_, unmapped_);
    }
  }

 private:
  std::vector<std::string> keys_;
  std::map<double, double> mapping_;
  std::optional<double> unmapped_;
};

/// Every connected component (26-connected, of the nonzero voxels of each channel) replaced by
/// its bounding box grown by `margin_mm`, as 1 in the input's dtype.
class LabelBoxes final : public CaseTransform {
 public:
  explicit LabelBoxes(const config::Params& p)
      : CaseTransform("label_boxes"),
        keys_(p.get_strings("keys")),
        margin_mm_(p.get_double("margin_mm")) {}

  void run(Sample& sample, size_t) const override {
    for (const auto& key : keys_) {
      if (!sample.has_volume(key)) continue;
      Volume& volume = sample.volume(key);
      std::array<int64_t, 3> margin{};  // voxels along z, y, x
      for (int a = 0; a < 3; ++a)
        margin[2 - a] =
            static_cast<int64_t>(std::ceil(margin_mm_ / volume.geometry.spacing[a] - 1e-9));
      at::Tensor boxes = at::zeros_like(volume.data);
      for (int64_t c = 0; c < volume.data.size(0); ++c)
        boxes[c] = boxes_of(volume.data[c].reshape({-1, volume.data.size(-2), volume.data.size(-1)}),
                            margin)
                       .view(volume.data[c].sizes());
      volume.data = boxes;
    }
  }

 private:
  static at::Tensor boxes_of(const at::Tensor& mask, const std::array<int64_t, 3>& margin) {
    const Components components = label_components(mask.cpu(), 26);
    const at::Tensor labels = components.labels.contiguous();
    const int32_t* label = labels.data_ptr<int32_t>();
    const int64_t nz = labels.size(0), ny = labels.size(1), nx = labels.size(2);
    std::vector<std::array<int64_t, 6>> box(static_cast<size_t>(components.count),
                                            {nz, ny, nx, -1, -1, -1});
    for (int64_t z = 0, i = 0; z < nz; ++z)
      for (int64_t y = 0; y < ny; ++y)
        for (int64_t x = 0; x < nx; ++x, ++i) {
          if (label[i] == 0) continue;
          auto& b = box[static_cast<size_t>(label[i] - 1)];
          const std::array<int64_t, 3> at{z, y, x};
          for (int a = 0; a < 3; ++a) {
            b[a] = std::min(b[a], at[a]);
            b[3 + a] = std::max(b[3 + a], at[a]);
          }
        }
    at::Tensor out = at::zeros(labels.sizes(), at::kFloat);
    const std::array<int64_t, 3> size{nz, ny, nx};
    for (const auto& b : box) {
      at::Tensor region = out;
      for (int a = 0; a < 3; ++a)
        region = region.slice(a, std::max<int64_t>(0, b[a] - margin[a]),
                              std::min(size[a], b[3 + a] + margin[a] + 1));
      region.fill_(1.0f);
    }
    return out.to(mask.options());
  }

  std::vector<std::string> keys_;
  double margin_mm_;
};

}  // namespace

void register_labels(Registry& registry) {
  config::ParamSpec mapping;
  mapping.name = "mapping";
  mapping.type = config::ParamType::Map;
  mapping.doc = "label values to replace, from: to (e.g. {2: 1, 3: 0})";
  config::Schema schema;
  schema.add(mapping);
  schema.text("default", "keep", "unmapped values: keep, or a number to set them to");
  schema.texts("keys", std::vector<std::string>{"label"}, "label volumes (skipped when absent)");
  registry.add<Transform>(
      "remap_labels", "replace label values by a mapping", schema,
      [](const config::Params& p, const Context&) { return std::make_unique<RemapLabels>(p); });

  config::Schema boxes;
  boxes.real("margin_mm", 0.0, "grow each box by this much on every side (clipped to the grid)",
             0.0);
  boxes.texts("keys", std::vector<std::string>{"label"},
              "label volumes (skipped when absent)");
  registry.add<Transform>(
      "label_boxes",
      "coarse (weak) labels: each connected lesion becomes its bounding box, grown by a margin",
      boxes,
      [](const config::Params& p, const Context&) { return std::make_unique<LabelBoxes>(p); });
}

}  // namespace ves::transforms
