#pragma once
// The 3D Slicer CLI module description of `vhost evaluate` (printed by `vhost evaluate --xml`).
#include <string>

namespace vhost {

/// Slicer's execution-model XML naming evaluate's parameters, their flags and defaults.
std::string slicer_evaluate_module_xml();

}  // namespace vhost
