// The plugin's exports: every transform of plugins/transforms.
#include "registration.hpp"
#include "ves/plugin/plugin.hpp"

namespace {

void register_components(ves::Registry& registry) {
  using namespace ves::transforms;
  register_resample(registry);
  register_reorient(registry);
  register_crops(registry);
  register_resize(registry);
  register_slice(registry);
  register_intensity(registry);
  register_labels(registry);
  register_postprocess(registry);
  register_smooth(registry);
  register_channels(registry);
}

}  // namespace

VES_PLUGIN(VES_PLUGIN_NAME, "0.1.0",
           "Deterministic pre- and postprocessing: resample, reorient, normalise, windows, crops, "
           "resize, slices, label remapping and boxes, thresholds, connected components, Gaussian "
           "smoothing, channel stacking",
           register_components)
