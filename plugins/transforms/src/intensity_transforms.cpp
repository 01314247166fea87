// Intensity transforms on image volumes (never on label maps):
//
//   - type: normalize        # per case and channel
//     mode: clip_zscore      # zscore | clip_zscore | minmax
//     lower: 0.5             # percentiles clipped to (clip_zscore, minmax)
//     upper: 99.5
//     nonzero: true          # statistics on voxels nonzero in any channel; the rest stays 0
//     keys: [image]
//   - type: hu_window        # one channel per [min, max] window, scaled to [0, 1]
//     windows: [[0, 1800], [-200, 300], [200, 1200]]
//     keys: [image]
#include "normalize.hpp"
#include "registration.hpp"
#include "transform_support.hpp"
#include "ves/api/transform.hpp"
#include "windows.hpp"

namespace ves::transforms {
namespace {

class Normalize final : public CaseTransform {
 public:
  explicit Normalize(const config::Params& p)
      : CaseTransform("normalize"), keys_(p.get_strings("keys")) {
    options_.mode = parse_normalize_mode(p.get_string("mode"));
    options_.lower = p.get_double("lower");
    options_.upper = p.get_double("upper");
    options_.nonzero = p.get_bool("nonzero");
    if (options_.mode != NormalizeMode::ZScore && options_.lower >= options_.upper)
      throw p.error("upper", "must be greater than lower");
  }

  void run(Sample& sample, size_t) const override {
    for (const auto& key : keys_) {
      Volume& volume = sample.volume(key);
      volume.data = normalize_channels(volume.data, options_);
    }
  }

 private:
  std::vector<std::string> keys_;
  NormalizeOptions options_;
};

class HuWindow final : public CaseTransform {
 public:
  explicit HuWindow(const config::Params& p)
      : CaseTransform("hu_window"), keys_(p.get_strings("keys")) {
    const config::Node& list = p.node("windows");
    const char* expected = "expected a list of [min, max] pairs, e.g. [[-200, 300], [200, 1200]]";
    if (!list.is_sequence() || list.size() == 0) throw p.error("windows", expected);
    for (const auto& item : list.items()) {
      if (!item.is_sequence() || item.size() != 2 || !item[0].is_double() || !item[1].is_double())
        throw p.error("windows", expected);
      const Window window{item[0].as_double(), item[1].as_double()};
      if (window.first >= window.second)
        throw p.error("windows", "each window's max must be greater than its min");
      windows_.push_back(window);
    }
  }

  void run(Sample& sample, size_t) const override {
    for (const auto& key : keys_) {
      Volume& volume = sample.volume(key);
      volume.data = apply_windows(volume.data, windows_);
    }
  }

 private:
  std::vector<std::string> keys_;
  std::vector<Window> windows_;
};

config::Node default_windows() {
  config::Node list = config::Node::sequence();
  for (const auto& [lo, hi] : {std::pair{"0", "1800"}, {"-200", "300"}, {"200", "1200"}}) {
    config::Node window = config::Node::sequence();
    window.push_back(config::Node::scalar(lo));
    window.push_back(config::Node::scalar(hi));
    list.push_back(window);
  }
  return list;
}

}  // namespace

void register_intensity(Registry& registry) {
  config::Schema normalize;
  normalize.choice("mode", "clip_zscore", {"zscore", "clip_zscore", "minmax"},
                   "zscore; clip to percentiles then zscore; clip then scale to [0, 1]");
  normalize.real("lower", 0.5, "lower clipping percentile", 0.0, 100.0);
  normalize.real("upper", 99.5, "upper clipping percentile", 0.0, 100.0);
  normalize.flag("nonzero", true,
                 "statistics on voxels nonzero in any channel only; the others are set to 0");
  normalize.texts("keys", std::vector<std::string>{"image"}, "volumes to normalise");
  registry.add<Transform>("normalize",
                          "per-channel percentile clipping and z-score (or min-max) on the "
                          "nonzero region",
                          normalize, [](const config::Params& p, const Context&) {
                            return std::make_unique<Normalize>(p);
                          });

  config::ParamSpec windows;
  windows.name = "windows";
  windows.type = config::ParamType::Any;
  windows.doc = "list of [min, max] intensity windows; each becomes one channel in [0, 1]";
  windows.default_value = default_windows();
  config::Schema window;
  window.add(windows);
  window.texts("keys", std::vector<std::string>{"image"}, "volumes to window");
  registry.add<Transform>("hu_window",
                          "intensity windows (CT HU): one channel per window, clipped and scaled "
                          "to [0, 1]",
                          window, [](const config::Params& p, const Context&) {
                            return std::make_unique<HuWindow>(p);
                          });
}

}  // namespace ves::transforms
