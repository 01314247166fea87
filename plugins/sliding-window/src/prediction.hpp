#pragma once
// What both inferers share: turning logits into probabilities, running one model on a batch of
// windows, and averaging over test-time flips and an ensemble of models.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "ves/api/model.hpp"
#include "ves/core/sample.hpp"

namespace ves::sliding_window {

enum class Activation { Auto, Sigmoid, Softmax, None };

/// "auto", "sigmoid", "softmax" or "none"; throws Error otherwise.
Activation parse_activation(const std::string& name);

/// What the result is: the averaged prediction, or its distance to the input (an
/// autoencoder's reconstruction error, the anomaly map of recipe B).
enum class Difference { None, Absolute, Below, Above };

/// "none", "abs", "below" or "above"; throws Error otherwise.
Difference parse_difference(const std::string& name);
/// "none", "abs", "below" or "above".
std::string difference_name(Difference difference);

/// The parameters both inferers take (the YAML parameters of the same names).
struct PredictionOptions {
  std::string input = "image";        ///< volume fed to the model, under the same name
  std::string output = "seg_logits";  ///< model output to aggregate, [B, C, spatial...]
  Activation activation = Activation::Auto;
  double temperature = 1.0;                  ///< logits are divided by it before the activation
  std::vector<int64_t> tta_flips;            ///< spatial axes mirrored for TTA: 0 = x, 1 = y, 2 = z
  std::string result = "prob";               ///< name of the output volume
  Difference difference = Difference::None;  ///< Absolute: |input - prediction|, Below:
                                             ///< max(prediction - input, 0), Above: the reverse
};

/// Probabilities from logits [B, C, ...]: logits / temperature, then sigmoid (auto: C == 1) or
/// softmax over C (auto: C > 1), or nothing (none); float32.
at::Tensor activate(const at::Tensor& logits, Activation activation, double temperature);

/// The device the model's parameters (else buffers) live on; `fallback` when it has neither.
c10::Device model_device(Model& model, c10::Device fallback);

/// One forward pass of `model` on `windows` [B, C, spatial...] (on the model's device) with
/// items carrying `input`'s ids and metadata: options.output, checked to be [B, C', spatial...]
/// of the windows' spatial size, activated. Throws Error naming the case on a bad output.
at::Tensor forward_probabilities(Model& model, const at::Tensor& windows, const Sample& input,
                                 const PredictionOptions& options);

/// Predicts one image [C, spatial...] (already on the model's device) with one model:
/// probabilities [C', spatial...] on the same grid.
using ImagePredictor = std::function<at::Tensor(Model& model, const at::Tensor& image)>;

/// The mean over `models` and every combination of options.tta_flips (2^n, including no flip)
/// of `predict` on the flipped image, flipped back; without gradients. The result is
/// {options.result: [C', spatial...] float32 on the CPU with the input image's geometry}, or
/// with a Difference the residual it names (the prediction must have the input's shape).
/// Throws UsageError without models and DataError naming the case on a bad flip axis.
std::map<std::string, Volume> predict_ensemble(const std::vector<Model*>& models,
                                               const Sample& input,
                                               const PredictionOptions& options,
                                               const ImagePredictor& predict);

}  // namespace ves::sliding_window
