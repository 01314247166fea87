// The plugin's exports: evaluator/segmentation.
#include "segmentation_evaluator.hpp"
#include "ves/plugin/plugin.hpp"
#include "ves/plugin/registry.hpp"

namespace {

void register_components(ves::Registry& registry) {
  registry.add<ves::Evaluator>(
      "segmentation",
      "Dice, IoU, voxel and lesion-wise detection counts, volumes in mL of binary or label masks",
      ves::metrics::segmentation_evaluator_schema(),
      [](const ves::config::Params& p, const ves::Context&) {
        return std::make_unique<ves::metrics::SegmentationEvaluator>(p);
      });
}

}  // namespace

VES_PLUGIN(VES_PLUGIN_NAME, "0.1.0",
           "Segmentation metrics (overlap, volumes, lesion-wise detection) for evaluation",
           register_components)
