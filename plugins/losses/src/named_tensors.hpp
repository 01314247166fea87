#pragma once
// Looking up model outputs and batch tensors by name, with errors that list what exists.
#include <ATen/core/Tensor.h>

#include <string>

#include "ves/core/batch.hpp"
#include "ves/core/shape_text.hpp"

namespace ves::losses {

/// The names in `tensors`, comma-separated, or "none".
std::string names_of(const TensorMap& tensors);
/// outputs[name]; a DataError "loss <loss>: the model has no output named ..." otherwise.
const at::Tensor& model_output(const TensorMap& outputs, const std::string& name,
                               const std::string& loss);
/// batch[name]; a DataError "loss <loss>: the batch has no target named ..." otherwise.
const at::Tensor& batch_target(const Batch& batch, const std::string& name,
                               const std::string& loss);

}  // namespace ves::losses
