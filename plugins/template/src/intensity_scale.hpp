#pragma once
// The plugin's maths, apart from any registry or YAML: value * factor + offset.
#include <ATen/core/Tensor.h>

namespace ves_template {

/// Multiplies by `factor` then adds `offset`; the result has the input's dtype when floating.
at::Tensor scale_intensity(const at::Tensor& values, double factor, double offset);

}  // namespace ves_template
