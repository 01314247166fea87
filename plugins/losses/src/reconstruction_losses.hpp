#pragma once
// Losses of autoencoders (recipe B's VQ-VAE): reconstruction error against the input, and a
// loss term the model computes itself (the vector quantiser's vq_loss).
#include <string>

#include "ves/api/loss.hpp"
#include "ves/config/params.hpp"

namespace ves::losses {

/// weight x mean |recon - target| (l1) or mean (recon - target)^2 (l2); term "reconstruction".
class ReconstructionLoss : public Loss {
 public:
  explicit ReconstructionLoss(const config::Params& params);
  LossResult compute(const TensorMap& outputs, const Batch& batch) const override;
  static config::Schema schema();

 private:
  std::string output_, target_;
  bool l1_;
  double weight_;
};

/// weight x a scalar the model outputs (default "vq_loss"); term named after the output.
class ModelTermLoss : public Loss {
 public:
  explicit ModelTermLoss(const config::Params& params);
  LossResult compute(const TensorMap& outputs, const Batch& batch) const override;
  static config::Schema schema();

 private:
  std::string output_;
  double weight_;
};

}  // namespace ves::losses
