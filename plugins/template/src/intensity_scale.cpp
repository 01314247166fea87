#include "intensity_scale.hpp"

#include <ATen/ATen.h>

namespace ves_template {

at::Tensor scale_intensity(const at::Tensor& values, double factor, double offset) {
  const at::Tensor floating = values.is_floating_point() ? values : values.to(at::kFloat);
  return floating * factor + offset;
}

}  // namespace ves_template
