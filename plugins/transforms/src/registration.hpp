#pragma once
// One registration function per adapter file; register.cpp calls them all.
#include "ves/plugin/registry.hpp"

namespace ves::transforms {

void register_resample(Registry& registry);
void register_reorient(Registry& registry);
void register_crops(Registry& registry);
void register_resize(Registry& registry);
void register_slice(Registry& registry);
void register_intensity(Registry& registry);
void register_labels(Registry& registry);
void register_postprocess(Registry& registry);
void register_smooth(Registry& registry);
void register_channels(Registry& registry);

}  // namespace ves::transforms
