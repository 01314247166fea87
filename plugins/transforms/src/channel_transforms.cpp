// `concat_channels`: stacks volumes of one grid into one multi-channel volume, e.g. a CT and the
// reconstruction-error map of an earlier stage as the two input channels of a detector.
//
//   - type: concat_channels
//     keys: [image, error]    # in this channel order; every one must be present
//     into: image             # the result (replaces it); the other keys are removed
#include <ATen/ops/cat.h>
#include <fmt/format.h>

#include "registration.hpp"
#include "transform_support.hpp"
#include "ves/core/error.hpp"

namespace ves::transforms {
namespace {

class ConcatChannels final : public CaseTransform {
 public:
  explicit ConcatChannels(const config::Params& p)
      : CaseTransform("concat_channels"),
        keys_(p.get_strings("keys")),
        into_(p.get_string("into")) {
    if (keys_.size() < 2) throw p.error("keys", "must list at least two volumes");
  }

  void run(Sample& sample, size_t) const override {
    require_same_grid(sample, keys_, name());
    const Volume& first = sample.volume(keys_[0]);
    std::vector<at::Tensor> parts;
    for (const auto& key : keys_) {
      const Volume& volume = sample.volume(key);
      if (!volume.geometry.approx_equal(first.geometry, 1e-4))
        throw DataError(fmt::format(
            "case {}: concat_channels needs '{}' and '{}' on one grid, but their spacing, "
            "origin or direction differ ({} and {}); resample one onto the other first",
            sample.case_id, keys_[0], key, first.describe(), volume.describe()));
      parts.push_back(volume.data.to(at::kFloat));
    }
    Volume result{at::cat(parts, 0), first.geometry};
    for (const auto& key : keys_) sample.volumes.erase(key);
    sample.volumes[into_] = std::move(result);
  }

 private:
  std::vector<std::string> keys_;
  std::string into_;
};

}  // namespace

void register_channels(Registry& registry) {
  config::Schema schema;
  schema.texts("keys", std::vector<std::string>{"image"},
               "volumes to stack, in channel order (at least two, on one grid)");
  schema.text("into", "image", "name of the stacked volume; the listed volumes are removed");
  registry.add<Transform>(
      "concat_channels", "stack volumes of one grid into one multi-channel volume", schema,
      [](const config::Params& p, const Context&) { return std::make_unique<ConcatChannels>(p); });
}

}  // namespace ves::transforms
