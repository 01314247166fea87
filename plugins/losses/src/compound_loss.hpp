#pragma once
// A weighted sum of loss components declared in YAML (Dice + BCE, Dice + CE, ...).
#include <memory>
#include <vector>

#include "ves/api/loss.hpp"
#include "ves/config/params.hpp"

namespace ves::losses {

/// Adds `terms`, `weight` and the optional `output`, `target`, `deep_supervision` passed down.
void add_compound_params(config::Schema& schema);

class CompoundLoss : public Loss {
 public:
  /// Builds each of `terms` through the registry. `output`, `target` and `deep_supervision`,
  /// when set, go to every term whose schema has them and that does not set them itself.
  CompoundLoss(const config::Params& params, const Context& context);

  /// total = weight * sum of the terms' totals; terms keep their names ("dice", "bce"), a
  /// repeated name gets "_2", "_3"..., each multiplied by weight.
  LossResult compute(const TensorMap& outputs, const Batch& batch) const override;

 private:
  std::vector<std::unique_ptr<Loss>> terms_;
  double weight_;
};

}  // namespace ves::losses
