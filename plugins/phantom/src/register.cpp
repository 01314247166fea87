// The plugin's adapter: registers the phantom readers with their schemas.
#include <memory>

#include "phantom_reader.hpp"
#include "vertebra_reader.hpp"
#include "ves/plugin/plugin.hpp"

namespace {

void register_components(ves::Registry& registry) {
  using ves::phantom::PhantomReader;
  using ves::phantom::VertebraReader;
  registry.add<ves::Reader>(
      "phantom",
      "synthetic lesion segmentation cases: a textured organ with bright lesions (default data)",
      PhantomReader::schema(), [](const ves::config::Params& params, const ves::Context&) {
        return PhantomReader::create(params);
      });
  registry.add<ves::Reader>(
      "phantom_vertebra",
      "synthetic vertebra CT crops, some with a fracture-like defect and its voxel mask",
      VertebraReader::schema(), [](const ves::config::Params& params, const ves::Context&) {
        return VertebraReader::create(params);
      });
}

}  // namespace

VES_PLUGIN("phantom", "0.1.0", "Synthetic 3-D data: lesion phantoms and vertebra CT look-alikes",
           register_components)
