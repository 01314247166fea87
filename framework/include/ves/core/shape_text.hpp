#pragma once
// Tensor shapes as text for error messages: "[2, 1, 8, 8]".
#include <ATen/core/Tensor.h>

#include <string>

namespace ves {

/// "[2, 1, 8, 8]": the sizes in brackets ("[]" for a scalar).
std::string shape_text(c10::IntArrayRef sizes);
/// The tensor's sizes as shape_text(sizes), or "undefined" for an undefined tensor.
std::string shape_text(const at::Tensor& tensor);

}  // namespace ves
