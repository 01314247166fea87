// The adapters: inferer components around the sliding-window and whole-case maths, their
// schemas, and the plugin's exports.
#include <algorithm>
#include <set>

#include "ves/core/error.hpp"

#include "prediction.hpp"
#include "slice_fusion.hpp"
#include "sliding_window.hpp"
#include "ves/api/inferer.hpp"
#include "ves/plugin/plugin.hpp"
#include "whole_volume.hpp"

namespace {

using ves::config::Params;
using ves::config::Schema;
using namespace ves::sliding_window;

// ---------------------------------------------------------------------------------------------
// Parameters both inferers take

void add_prediction_params(Schema& schema) {
  schema.text("input", "image", "volume given to the model (under the same name in the batch)");
  schema.text("output", "seg_logits", "model output to aggregate, [B, C, spatial...] logits");
  schema.choice("activation", "auto", {"auto", "sigmoid", "softmax", "none"},
                "applied per prediction before averaging; auto = sigmoid for 1 channel, else "
                "softmax over channels");
  schema.real("temperature", 1.0, "logits are divided by it before the activation (> 0)", 0.0);
  schema.integers("tta_flips", std::vector<int64_t>{},
                  "spatial axes mirrored for test-time augmentation (0 = x, 1 = y, 2 = z); "
                  "all 2^n combinations are averaged");
  schema.text("result", "prob", "name of the output volume");
  schema.choice("difference", "none", {"none", "abs", "below", "above"},
                "an autoencoder's reconstruction error instead of the prediction (use activation: "
                "none and result: error): abs |input - prediction|; below max(prediction - input, "
                "0), where the input is darker than expected (e.g. a fracture cleft in CT); above "
                "max(input - prediction, 0), brighter (e.g. FLAIR lesions)");
}

PredictionOptions prediction_options(const Params& p) {
  PredictionOptions options;
  options.input = p.get_string("input");
  options.output = p.get_string("output");
  options.activation = parse_activation(p.get_string("activation"));
  options.temperature = p.get_double("temperature");
  if (options.temperature <= 0.0) throw p.error("temperature", "must be greater than 0");
  options.tta_flips = p.get_ints("tta_flips");
  std::set<int64_t> seen;
  for (int64_t axis : options.tta_flips) {
    if (axis < 0 || axis > 2) {
      throw p.error("tta_flips", "axis " + std::to_string(axis) + " is not a spatial axis",
                    "use 0 (x), 1 (y) or 2 (z)");
    }
    if (!seen.insert(axis).second) {
      throw p.error("tta_flips", "axis " + std::to_string(axis) + " is listed twice");
    }
  }
  options.result = p.get_string("result");
  options.difference = parse_difference(p.get_string("difference"));
  return options;
}

// ---------------------------------------------------------------------------------------------
// The inferers

class SlidingWindowInferer final : public ves::Inferer {
 public:
  SlidingWindowInferer(SlidingWindow window, PredictionOptions options)
      : window_(std::move(window)), options_(std::move(options)) {}

  std::map<std::string, ves::Volume> infer(const std::vector<ves::Model*>& models,
                                           const ves::Sample& input) const override {
    const ves::Volume& image = input.volume(options_.input);
    if (static_cast<size_t>(image.spatial_dims()) != window_.patch().size()) {
      throw ves::DataError("case " + input.case_id + ": volume '" + options_.input + "' (" +
                           image.describe() + ") is " + std::to_string(image.spatial_dims()) +
                           "-D but patch_size has " + std::to_string(window_.patch().size()) +
                           " values; give one size per spatial axis");
    }
    return predict_ensemble(models, input, options_,
                            [&](ves::Model& model, const at::Tensor& data) {
                              return window_.predict(data, [&](const at::Tensor& windows) {
                                return forward_probabilities(model, windows, input, options_);
                              });
                            });
  }

 private:
  SlidingWindow window_;
  PredictionOptions options_;
};

class WholeVolumeInferer final : public ves::Inferer {
 public:
  WholeVolumeInferer(int64_t divisor, PredictionOptions options)
      : divisor_(divisor), options_(std::move(options)) {}

  std::map<std::string, ves::Volume> infer(const std::vector<ves::Model*>& models,
                                           const ves::Sample& input) const override {
    return predict_ensemble(models, input, options_,
                            [&](ves::Model& model, const at::Tensor& image) {
                              return predict_whole(image, divisor_, [&](const at::Tensor& batch) {
                                return forward_probabilities(model, batch, input, options_);
                              });
                            });
  }

 private:
  int64_t divisor_;
  PredictionOptions options_;
};

std::unique_ptr<ves::Inferer> sliding_window(const Params& p) {
  auto patch = p.get_ints("patch_size");  // written x, y[, z] as every size in a config
  if (patch.size() != 2 && patch.size() != 3) {
    throw p.error("patch_size",
                  "needs 3 values (x, y, z) or 2 (x, y), got " + std::to_string(patch.size()));
  }
  std::reverse(patch.begin(), patch.end());  // tensor order [Z, Y, X]
  for (int64_t n : patch) {
    if (n < 1) throw p.error("patch_size", "every axis must be at least 1 voxel");
  }
  const double overlap = p.get_double("overlap");
  if (overlap >= 1.0) {
    throw p.error("overlap", "must be below 1 (windows would never move)", "0.5 is usual");
  }
  if (p.get_double("sigma_scale") <= 0.0) throw p.error("sigma_scale", "must be greater than 0");
  const auto weighting =
      p.get_string("weighting") == "gaussian" ? Weighting::Gaussian : Weighting::Constant;
  return std::make_unique<SlidingWindowInferer>(
      SlidingWindow(patch, overlap, weighting, p.get_double("sigma_scale"),
                    p.get_int("batch_size")),
      prediction_options(p));
}

void register_components(ves::Registry& registry) {
  Schema window;
  window.integers("patch_size", std::nullopt,
                  "window size in voxels (x, y, z), or (x, y) for 2-D; usually the training patch "
                  "size");
  window.real("overlap", 0.5, "fraction of a window shared with its neighbour, in [0, 1)", 0.0,
              1.0);
  window.choice("weighting", "gaussian", {"gaussian", "constant"},
                "how much each voxel of a window counts: a Gaussian centred on the window "
                "(as nnU-Net, MONAI) or uniform");
  window.real("sigma_scale", 0.125, "Gaussian sigma as a fraction of the window size per axis",
              0.0);
  window.integer("batch_size", 2, "windows per forward pass", 1);
  add_prediction_params(window);
  registry.add<ves::Inferer>(
      "sliding_window",
      "overlapping windows with Gaussian weighting, test-time flips, ensembles, temperature",
      window, [](const Params& p, const ves::Context&) { return sliding_window(p); });

  Schema whole;
  whole.integer("divisor", 16,
                "the case is zero-padded to a multiple of this per axis (the network's total "
                "downsampling), then cropped back",
                1);
  add_prediction_params(whole);
  registry.add<ves::Inferer>(
      "whole_volume", "one forward pass on the whole case (small cases), flips, ensembles", whole,
      [](const Params& p, const ves::Context&) {
        return std::make_unique<WholeVolumeInferer>(p.get_int("divisor"), prediction_options(p));
      });

  register_slice_fusion(registry);
}

}  // namespace

VES_PLUGIN(VES_PLUGIN_NAME, "0.1.0",
           "Sliding-window, whole-case and slice-fusion inference with TTA and ensembles",
           register_components)
