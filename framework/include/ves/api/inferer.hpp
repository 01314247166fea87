#pragma once
// Inferer: applies trained model(s) to a whole case (sliding window, slices + fusion, TTA).
#include <map>
#include <string>
#include <vector>

#include "ves/api/component.hpp"
#include "ves/api/model.hpp"

namespace ves {

class Inferer : public Component {
 public:
  static constexpr const char* kKind = "inferer";
  /// Predictions for one preprocessed case, on the case's grid, by name ("prob", "class_prob",
  /// "recon", "error_map"). Several models = ensemble (averaged). Models are in eval mode.
  virtual std::map<std::string, Volume> infer(const std::vector<Model*>& models,
                                              const Sample& input) const = 0;
  /// Ensembles by role, for inferers that combine models trained apart (slice_fusion: one per
  /// orientation, {"axial": [...], "coronal": [...]}). Default: a single role goes to infer(),
  /// several are a UsageError.
  virtual std::map<std::string, Volume> infer_by_role(
      const std::map<std::string, std::vector<Model*>>& models, const Sample& input) const;
};

}  // namespace ves
