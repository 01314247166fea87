#pragma once
// Named tensors: model outputs, loss terms, batch fields.
#include <ATen/core/Tensor.h>
#include <map>
#include <string>

namespace ves {
/// Tensors by name (ordered, so logs and CSV columns are stable).
using TensorMap = std::map<std::string, at::Tensor>;
/// Scalars by name (metrics, diagnostics, loss components as numbers).
using ScalarMap = std::map<std::string, double>;
}  // namespace ves
