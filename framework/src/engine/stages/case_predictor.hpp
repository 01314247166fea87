#pragma once
// Predicts whole cases with an ensemble of checkpoints, and brings the prediction back to the
// grid the case was read on (inverting resampling, cropping, reorientation).
#include <filesystem>
#include <map>
#include <memory>
#include <vector>

#include "ves/api/inferer.hpp"
#include "ves/api/model.hpp"
#include "ves/config/node.hpp"
#include "ves/engine/transform_chain.hpp"

namespace ves::stages {

/// One model per checkpoint, built from `model` and loaded (weights only), in eval mode on
/// the context's device. Throws DataError naming a checkpoint that does not fit the model.
std::vector<std::unique_ptr<Model>> load_ensemble(const config::Node& model,
                                                  const std::vector<std::filesystem::path>& files,
                                                  const Context& context, const std::string& owner);

/// The checkpoints listed one per line in `list` (as train stages write checkpoints.txt).
std::vector<std::filesystem::path> read_checkpoint_list(const std::filesystem::path& list);

/// Ensembles by role ({"axial": [...], ...}); the single role "" when a stage names none.
using RoleEnsembles = std::map<std::string, std::vector<std::unique_ptr<Model>>>;

class CasePredictor {
 public:
  /// With the single role "" the inferer's infer() runs, else its infer_by_role().
  CasePredictor(RoleEnsembles models, const Inferer& inferer, const TransformChain& preprocess,
                const TransformChain& postprocess, double threshold, bool bf16 = false);
  /// Every volume the inferer gives ("prob", "error", ...), plus "mask" (uint8 label map
  /// thresholded from "prob" when there is one), for a preprocessed case, on the grid of the
  /// case as read, after postprocessing. With bf16 the models run under autocast.
  Sample predict(const Sample& preprocessed) const;

 private:
  RoleEnsembles models_;
  const Inferer& inferer_;
  const TransformChain& preprocess_;
  const TransformChain& postprocess_;
  double threshold_;
  bool bf16_;
};

}  // namespace ves::stages
