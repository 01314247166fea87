// Activation, forward passes on windows, and the flip/ensemble average.
#include "prediction.hpp"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include "ves/core/error.hpp"
#include "ves/core/shape_text.hpp"

namespace ves::sliding_window {
namespace {

// The batch's per-window items: the case's ids, scalars and metadata, no volume data.
std::vector<Sample> items_for(const Sample& input, int64_t count) {
  Sample item;
  item.case_id = input.case_id;
  item.subject_id = input.subject_id;
  item.scalars = input.scalars;
  item.meta = input.meta;
  return std::vector<Sample>(static_cast<size_t>(count), item);
}

}  // namespace

Difference parse_difference(const std::string& name) {
  if (name == "none") return Difference::None;
  if (name == "abs") return Difference::Absolute;
  if (name == "below") return Difference::Below;
  if (name == "above") return Difference::Above;
  throw Error("unknown difference '" + name + "'; known: none, abs, below, above");
}

std::string difference_name(Difference difference) {
  switch (difference) {
    case Difference::Absolute:
      return "abs";
    case Difference::Below:
      return "below";
    case Difference::Above:
      return "above";
    default:
      return "none";
  }
}

Activation parse_activation(const std::string& name) {
  if (name == "auto") return Activation::Auto;
  if (name == "sigmoid") return Activation::Sigmoid;
  if (name == "softmax") return Activation::Softmax;
  if (name == "none") return Activation::None;
  throw Error("unknown activation '" + name + "'; use auto, sigmoid, softmax or none");
}

at::Tensor activate(const at::Tensor& logits, Activation activation, double temperature) {
  at::Tensor scaled = logits.to(at::kFloat);
  if (temperature != 1.0) scaled = scaled / temperature;
  if (activation == Activation::Auto) {
    activation = logits.size(1) == 1 ? Activation::Sigmoid : Activation::Softmax;
  }
  switch (activation) {
    case Activation::Sigmoid:
      return at::sigmoid(scaled);
    case Activation::Softmax:
      return at::softmax(scaled, 1);
    default:
      return scaled;
  }
}

c10::Device model_device(Model& model, c10::Device fallback) {
  for (const auto& parameter : model.module().parameters()) return parameter.device();
  for (const auto& buffer : model.module().buffers()) return buffer.device();
  return fallback;
}

at::Tensor forward_probabilities(Model& model, const at::Tensor& windows, const Sample& input,
                                 const PredictionOptions& options) {
  Batch batch;
  batch.tensors[options.input] = windows;
  batch.items = items_for(input, windows.size(0));
  const TensorMap outputs = model.forward(batch);
  const auto found = outputs.find(options.output);
  if (found == outputs.end()) {
    std::string names;
    for (const auto& entry : outputs) names += (names.empty() ? "" : ", ") + entry.first;
    throw Error("case " + input.case_id + ": the model has no output '" + options.output +
                "' (it gives: " + (names.empty() ? "none" : names) +
                "); set the inferer's `output:` to one of them");
  }
  const at::Tensor& logits = found->second;
  const bool same_grid = logits.dim() == windows.dim() && logits.size(0) == windows.size(0) &&
                         logits.sizes().slice(2) == windows.sizes().slice(2);
  if (!same_grid) {
    throw Error("case " + input.case_id + ": model output '" + options.output + "' has shape " +
                shape_text(logits) + " for input windows " + shape_text(windows) +
                "; the inferer needs [batch, channels] plus the windows' spatial size");
  }
  return activate(logits, options.activation, options.temperature);
}

std::map<std::string, Volume> predict_ensemble(const std::vector<Model*>& models,
                                               const Sample& input,
                                               const PredictionOptions& options,
                                               const ImagePredictor& predict) {
  if (models.empty()) throw UsageError("the inferer needs at least one model");
  const Volume& image = input.volume(options.input);
  for (int64_t axis : options.tta_flips) {
    if (axis < 0 || axis >= image.spatial_dims()) {
      throw DataError("case " + input.case_id + ": tta_flips axis " + std::to_string(axis) +
                      " does not exist in the " + std::to_string(image.spatial_dims()) +
                      "-D volume '" + options.input + "' (" + image.describe() + ")");
    }
  }
  const size_t combinations = size_t{1} << options.tta_flips.size();

  at::NoGradGuard no_grad;
  at::Tensor sum;
  for (Model* model : models) {
    const auto device = model_device(*model, image.data.device());
    const at::Tensor on_device = image.data.to(device);
    for (size_t mask = 0; mask < combinations; ++mask) {
      std::vector<int64_t> dims;  // tensor dims of the flipped axes (0 = x, the last dim)
      for (size_t bit = 0; bit < options.tta_flips.size(); ++bit) {
        if (mask & (size_t{1} << bit))
          dims.push_back(image.spatial_dims() - options.tta_flips[bit]);  // x is the last dim
      }
      at::Tensor prob = dims.empty() ? predict(*model, on_device)
                                     : predict(*model, on_device.flip(dims)).flip(dims);
      // Summed on the first model's device; the clone keeps a prediction that aliases the
      // input (an identity model) from being changed in place.
      if (sum.defined()) {
        sum.add_(prob.to(sum.device(), at::kFloat));
      } else {
        sum = prob.to(at::kFloat);
        if (sum.is_alias_of(on_device)) sum = sum.clone();
      }
    }
  }
  sum.div_(static_cast<double>(models.size() * combinations));
  at::Tensor result = sum.cpu();
  if (options.difference != Difference::None) {
    if (result.sizes() != image.data.sizes()) {
      throw DataError(
          "case " + input.case_id + ": difference: " + difference_name(options.difference) +
          " needs the prediction (" + shape_text(result) + ") shaped as volume '" + options.input +
          "' (" + image.describe() + "); the model must reconstruct its input");
    }
    const at::Tensor residual = image.data.to(at::kFloat).cpu() - result;  // input - prediction
    result = options.difference == Difference::Absolute ? residual.abs()
             : options.difference == Difference::Above  ? residual.clamp_min(0.0)
                                                        : residual.neg().clamp_min(0.0);
  }
  return {{options.result, Volume{result, image.geometry}}};
}

}  // namespace ves::sliding_window
