#include "ves/core/shape_text.hpp"

namespace ves {

std::string shape_text(c10::IntArrayRef sizes) {
  std::string text = "[";
  for (size_t i = 0; i < sizes.size(); ++i) text += (i ? ", " : "") + std::to_string(sizes[i]);
  return text + "]";
}

std::string shape_text(const at::Tensor& tensor) {
  return tensor.defined() ? shape_text(tensor.sizes()) : "undefined";
}

}  // namespace ves
