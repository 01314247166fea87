#pragma once
// Inferer: applies trained model(s) to a whole case (sliding window, slices + fusion, TTA).
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
};

}  // namespace ves
