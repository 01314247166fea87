#include "reconstruction_losses.hpp"

#include <ATen/ATen.h>
#include <fmt/format.h>

#include "named_tensors.hpp"
#include "ves/core/error.hpp"

namespace ves::losses {

ReconstructionLoss::ReconstructionLoss(const config::Params& params)
    : output_(params.get_string("output")),
      target_(params.get_string("target")),
      l1_(params.get_string("norm") == "l1"),
      weight_(params.get_double("weight")) {}

config::Schema ReconstructionLoss::schema() {
  config::Schema s;
  s.text("output", std::string("recon"), "model output holding the reconstruction")
      .text("target", std::string("image"), "batch tensor it reconstructs (same shape)")
      .choice("norm", "l1", {"l1", "l2"}, "mean absolute (l1) or mean squared (l2) error")
      .real("weight", 1.0, "multiplies the loss (its weight inside compound)", 0.0);
  return s;
}

LossResult ReconstructionLoss::compute(const TensorMap& outputs, const Batch& batch) const {
  const at::Tensor recon = model_output(outputs, output_, "reconstruction").to(at::kFloat);
  const at::Tensor target =
      batch_target(batch, target_, "reconstruction").to(recon.device(), at::kFloat);
  if (recon.sizes() != target.sizes()) {
    throw DataError(fmt::format(
        "loss reconstruction: output {} has shape {} but target {} has {}; they must match",
        output_, shape_text(recon), target_, shape_text(target)));
  }
  const at::Tensor error = l1_ ? at::l1_loss(recon, target) : at::mse_loss(recon, target);
  const at::Tensor total = weight_ * error;
  return LossResult{total, TensorMap{{"reconstruction", total}}};
}

ModelTermLoss::ModelTermLoss(const config::Params& params)
    : output_(params.get_string("output")), weight_(params.get_double("weight")) {}

config::Schema ModelTermLoss::schema() {
  config::Schema s;
  s.text("output", std::string("vq_loss"), "model output holding a scalar loss")
      .real("weight", 1.0, "multiplies the loss (its weight inside compound)", 0.0);
  return s;
}

LossResult ModelTermLoss::compute(const TensorMap& outputs, const Batch&) const {
  const at::Tensor& value = model_output(outputs, output_, "model_term");
  if (value.numel() != 1) {
    throw DataError(fmt::format(
        "loss model_term: output {} has shape {} but must be a scalar; name a scalar output",
        output_, shape_text(value)));
  }
  const at::Tensor total = weight_ * value.to(at::kFloat).reshape({});
  return LossResult{total, TensorMap{{output_, total}}};
}

}  // namespace ves::losses
