#pragma once
// Callback: hooks called by stages for logging, pictures and reports.
#include <filesystem>

#include "ves/api/component.hpp"
#include "ves/core/sample.hpp"

namespace ves {

/// What a stage reports at the end of an epoch (or of a whole inference/evaluation pass).
struct EpochReport {
  std::string stage;
  int64_t epoch = 0;
  ScalarMap metrics;          ///< losses, lr, validation metrics, seconds
  std::filesystem::path dir;  ///< the stage's output directory
};

class Callback : public Component {
 public:
  static constexpr const char* kKind = "callback";
  virtual void on_stage_begin(const std::string& stage, const std::filesystem::path& dir) {}
  virtual void on_epoch_end(const EpochReport& report) {}
  /// A prediction for a case, e.g. to draw middle slices: `input` and `outputs` share one grid
  /// (in validation the preprocessed case, in inference the case as read; epoch 0).
  virtual void on_prediction(const std::string& stage, int64_t epoch, const Sample& input,
                             const std::map<std::string, Volume>& outputs) {}
  /// After the stage ran: `final_report` names the stage and its folder (epoch 0, no metrics).
  virtual void on_stage_end(const EpochReport& final_report) {}
};

}  // namespace ves
