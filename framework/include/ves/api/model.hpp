#pragma once
// Model: owns a torch::nn::Module and maps a Batch to named outputs.
#include <torch/nn/module.h>

#include "ves/api/component.hpp"
#include "ves/core/batch.hpp"

namespace ves {

/// Parameters that share a learning-rate scale (e.g. encoder at 0.1 x the decoder's rate).
struct ParameterGroup {
  std::string name;
  std::vector<at::Tensor> parameters;
  double lr_scale = 1.0;
};

class Model : public Component {
 public:
  static constexpr const char* kKind = "model";
  /// The network (parameters, buffers, train/eval mode, device moves, state dict).
  virtual torch::nn::Module& module() = 0;
  /// Named outputs, e.g. "seg_logits", "class_logits", "recon", "vq_loss".
  virtual TensorMap forward(const Batch& batch) = 0;
  /// Parameter groups for the optimiser; default: one group "all" with every parameter.
  virtual std::vector<ParameterGroup> parameter_groups();
  /// Numbers about the last forward pass (e.g. "perplexity", "codebook_usage"); default none.
  virtual ScalarMap diagnostics() const { return {}; }
};

}  // namespace ves
