#include "case_predictor.hpp"

#include <torch/utils.h>
#include <fstream>

#include "autocast_scope.hpp"
#include "segmentation_scores.hpp"
#include "ves/core/error.hpp"
#include "ves/engine/checkpoint.hpp"

namespace ves::stages {

std::vector<std::unique_ptr<Model>> load_ensemble(const config::Node& model,
                                                  const std::vector<std::filesystem::path>& files,
                                                  const Context& context,
                                                  const std::string& owner) {
  if (files.empty())
    throw UsageError(owner +
                     ": no checkpoint to predict with; set `checkpoints:` or `from:` a "
                     "train stage of this pipeline");
  std::vector<std::unique_ptr<Model>> models;
  Context restoring = context;
  restoring.loads_checkpoint = true;  // the checkpoint replaces any pretrained weights
  for (const auto& file : files) {
    auto m = restoring.create<Model>(model, owner + ".model");
    load_weights(file, m->module(), /*strict=*/true);
    m->module().to(context.device);
    m->module().eval();
    models.push_back(std::move(m));
  }
  return models;
}

std::vector<std::filesystem::path> read_checkpoint_list(const std::filesystem::path& list) {
  std::ifstream in(list);
  if (!in) throw DataError("cannot read the checkpoint list " + list.string());
  std::vector<std::filesystem::path> files;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) files.emplace_back(line);
  return files;
}

CasePredictor::CasePredictor(RoleEnsembles models, const Inferer& inferer,
                             const TransformChain& preprocess, const TransformChain& postprocess,
                             double threshold, bool bf16)
    : models_(std::move(models)),
      inferer_(inferer),
      preprocess_(preprocess),
      postprocess_(postprocess),
      threshold_(threshold),
      bf16_(bf16) {}

Sample CasePredictor::predict(const Sample& preprocessed) const {
  std::map<std::string, std::vector<Model*>> models;
  c10::Device device(c10::kCPU);
  for (const auto& [role, ensemble] : models_)
    for (const auto& m : ensemble) {
      models[role].push_back(m.get());
      const auto parameters = m->module().parameters();
      if (!parameters.empty()) device = parameters.front().device();
    }
  torch::NoGradGuard no_grad;
  AutocastScope autocast(device, bf16_);
  const auto outputs = models.size() == 1 && models.begin()->first.empty()
                           ? inferer_.infer(models.begin()->second, preprocessed)
                           : inferer_.infer_by_role(models, preprocessed);
  if (outputs.empty()) throw UsageError("the inferer gave no volume; check its result:");
  Sample prediction;
  prediction.case_id = preprocessed.case_id;
  prediction.subject_id = preprocessed.subject_id;
  prediction.meta = preprocessed.meta;
  // Every volume goes back to the grid the case was read on (linear interpolation); a
  // probability map also gives the thresholded mask.
  for (const auto& [name, volume] : outputs)
    prediction.volumes[name] = preprocess_.invert(volume, preprocessed, /*nearest=*/false);
  const auto prob = prediction.volumes.find("prob");
  if (prob != prediction.volumes.end())
    prediction.volumes["mask"] =
        Volume{prediction_mask(prob->second.data, threshold_), prob->second.geometry};
  Rng unused(0);
  postprocess_.apply(prediction, unused, /*with_random=*/false);
  return prediction;
}

}  // namespace ves::stages
