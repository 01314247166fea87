#pragma once
// Optimisers selected by name (AdamW, Adam, SGD) from a `train.optimizer:` section, with one
// libtorch parameter group per model ParameterGroup at base lr x the group's lr_scale.
#include <torch/optim/optimizer.h>

#include <memory>
#include <string>
#include <vector>

#include "ves/api/model.hpp"
#include "ves/config/node.hpp"

namespace ves {
namespace config {
class Schema;
}

struct OptimizerOptions {
  std::string type = "adamw";             ///< adamw, adam or sgd
  double lr = 2e-4;                       ///< base learning rate
  double weight_decay = 1e-5;             ///< decoupled (adamw) or L2 (adam, sgd)
  std::vector<double> betas{0.9, 0.999};  ///< Adam(W) moment decay rates
  double eps = 1e-8;                      ///< Adam(W) denominator term
  double momentum = 0.99;                 ///< SGD momentum
  bool nesterov = true;                   ///< SGD Nesterov momentum
};

/// The schema of an `optimizer:` section (type, lr, weight_decay, betas, eps, momentum, nesterov).
const config::Schema& optimizer_schema();
/// Reads and validates an `optimizer:` section (a map, or just the type name).
OptimizerOptions optimizer_options_from(const config::Node& node);

/// A libtorch optimiser whose parameter groups run at base lr x lr_scales[group].
struct ScaledOptimizer {
  std::unique_ptr<torch::optim::Optimizer> optimizer;  ///< step(), zero_grad(), save/load
  std::vector<double> lr_scales;                       ///< one per parameter group
  double base_lr = 0;                                  ///< the rate set last

  /// Sets every group's learning rate to `lr` x its scale (and base_lr to `lr`).
  void set_learning_rate(double lr);
  /// The base learning rate (the one a schedule sets), not any group's scaled rate.
  double learning_rate() const { return base_lr; }
};

/// Builds the optimiser `options.type` over `groups` (every group kept, even an empty one, so
/// group i is always lr_scales[i]). Throws Error when no group has parameters.
ScaledOptimizer make_optimizer(const std::vector<ParameterGroup>& groups,
                               const OptimizerOptions& options);

}  // namespace ves
