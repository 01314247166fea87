// `remap_labels`: renumber label classes.
//
//   - type: remap_labels
//     mapping: {2: 1, 3: 0}   # from: to
//     default: keep           # unmapped values: keep, or a number to set them to
//     keys: [label]           # absent volumes are skipped (no labels at inference)
#include <cstdlib>

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
}

}  // namespace ves::transforms
