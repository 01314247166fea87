// Masked fills against the original values.
#include "labels.hpp"

#include <ATen/ATen.h>

namespace ves::transforms {

at::Tensor remap_values(const at::Tensor& labels, const std::map<double, double>& mapping,
                        std::optional<double> unmapped) {
  at::Tensor out = unmapped ? at::full_like(labels, *unmapped) : labels.clone();
  for (const auto& [from, to] : mapping) out.masked_fill_(labels == from, to);
  return out;
}

at::Tensor threshold_mask(const at::Tensor& prob, double threshold, at::ScalarType dtype) {
  return (prob >= threshold).to(dtype);
}

}  // namespace ves::transforms
