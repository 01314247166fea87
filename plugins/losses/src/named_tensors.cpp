#include "named_tensors.hpp"

#include <fmt/format.h>

#include "ves/core/error.hpp"
#include "ves/core/shape_text.hpp"

namespace ves::losses {

std::string names_of(const TensorMap& tensors) {
  if (tensors.empty()) return "none";
  std::string names;
  for (const auto& entry : tensors) names += (names.empty() ? "" : ", ") + entry.first;
  return names;
}

const at::Tensor& model_output(const TensorMap& outputs, const std::string& name,
                               const std::string& loss) {
  const auto found = outputs.find(name);
  if (found == outputs.end()) {
    throw DataError(fmt::format(
        "loss {}: the model has no output named '{}' (it has: {}); set output: to one of them",
        loss, name, names_of(outputs)));
  }
  return found->second;
}

const at::Tensor& batch_target(const Batch& batch, const std::string& name,
                               const std::string& loss) {
  const auto found = batch.tensors.find(name);
  if (found == batch.tensors.end()) {
    throw DataError(fmt::format(
        "loss {}: the batch has no target named '{}' (it has: {}); set target: to one of them",
        loss, name, names_of(batch.tensors)));
  }
  return found->second;
}

}  // namespace ves::losses
