// Input checks, deep supervision and weighting shared by every segmentation loss.
#include "segmentation_loss.hpp"

#include <ATen/ATen.h>
#include <fmt/format.h>

#include "deep_supervision.hpp"
#include "named_tensors.hpp"
#include "ves/core/error.hpp"

namespace ves::losses {

void add_common_params(config::Schema& schema) {
  schema.text("output", std::string("seg_logits"), "model output holding the logits [B, C, ...]")
      .text("target", std::string("label"),
            "batch tensor holding the target [B, 1, ...]: 0/1 (or soft) for 1 channel, class "
            "indices for C > 1")
      .real("weight", 1.0, "multiplies the loss (its weight inside compound)", 0.0)
      .flag("deep_supervision", true,
            "also supervise <output>_ds1, _ds2, ... when present, weights 1/2^k normalised");
}

SegmentationLoss::SegmentationLoss(std::string name, const config::Params& params, ChannelMode mode)
    : name_(std::move(name)),
      output_(params.get_string("output")),
      target_(params.get_string("target")),
      weight_(params.get_double("weight")),
      deep_supervision_(params.get_bool("deep_supervision")),
      mode_(mode) {}

LossResult SegmentationLoss::compute(const TensorMap& outputs, const Batch& batch) const {
  const at::Tensor& main = output_named(outputs, output_);
  at::Tensor target = batch_target(batch, target_, name_).to(main.device(), at::kFloat);
  // A per-item class ([B], a scalar of the batch) against class logits [B, C].
  if (main.dim() == 2 && target.dim() == 1) target = target.unsqueeze(1);
  check_shapes(output_, main, target);
  if (main.size(1) > 1) check_classes(target, main.size(1));

  at::Tensor total;
  for (const auto& level : supervision_levels(outputs, output_, deep_supervision_)) {
    const at::Tensor logits = output_named(outputs, level.output).to(at::kFloat);
    if (logits.dim() != main.dim() || logits.size(0) != main.size(0) ||
        logits.size(1) != main.size(1)) {
      throw DataError(fmt::format(
          "loss {}: deep-supervision output {} has shape {} but {} has {}; they need the same "
          "batch size and channels",
          name_, level.output, shape_text(logits), output_, shape_text(main)));
    }
    const at::Tensor level_target = resize_nearest(target, logits.sizes().slice(2));
    const at::Tensor value = level.weight * loss(logits, level_target);
    total = total.defined() ? total + value : value;
  }
  total = weight_ * total;
  return LossResult{total, TensorMap{{name_, total}}};
}

const at::Tensor& SegmentationLoss::output_named(const TensorMap& outputs,
                                                 const std::string& name) const {
  return model_output(outputs, name, name_);
}

void SegmentationLoss::check_shapes(const std::string& output, const at::Tensor& logits,
                                    const at::Tensor& target) const {
  const bool same_grid = logits.dim() >= 2 && target.dim() == logits.dim() &&
                         target.size(0) == logits.size(0) && target.size(1) == 1 &&
                         target.sizes().slice(2) == logits.sizes().slice(2);
  if (!same_grid) {
    throw DataError(fmt::format(
        "loss {}: output {} has shape {} and target {} has shape {}; expected logits [B, C, "
        "...] and a target [B, 1, ...] with the same batch size and spatial size (or class "
        "logits [B, C] and a per-item target [B])",
        name_, output, shape_text(logits), target_, shape_text(target)));
  }
  const int64_t channels = logits.size(1);
  if (mode_ == ChannelMode::Binary && channels != 1) {
    throw DataError(fmt::format(
        "loss {}: output {} has {} channels but this loss is binary (1 channel); use ce or a "
        "multi-class loss for class maps",
        name_, output, channels));
  }
  if (mode_ == ChannelMode::MultiClass && channels < 2) {
    throw DataError(fmt::format(
        "loss {}: output {} has 1 channel but this loss needs C > 1 classes; use bce for a "
        "binary output",
        name_, output));
  }
}

void SegmentationLoss::check_classes(const at::Tensor& target, int64_t classes) const {
  const auto [low, high] = at::aminmax(target.round());
  const double lowest = low.item<double>(), highest = high.item<double>();
  if (lowest < 0 || highest >= static_cast<double>(classes)) {
    throw DataError(
        fmt::format("loss {}: target {} holds class indices {} to {} but output {} has {} channels "
                    "(classes 0 to {}); remap the labels or change the model's number of classes",
                    name_, target_, lowest, highest, output_, classes, classes - 1));
  }
}

}  // namespace ves::losses
