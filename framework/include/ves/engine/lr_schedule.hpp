#pragma once
// Learning-rate schedules (libtorch's C++ API lacks them): constant, cosine, step, poly and
// reduce-on-plateau, each with an optional linear warm-up, read from a `train.schedule:` section.
#include <string>

#include "ves/config/node.hpp"

namespace ves {
namespace config {
class Schema;
}

struct ScheduleOptions {
  std::string type = "cosine";        ///< constant, cosine, step, plateau or poly
  double warmup_epochs = 0;           ///< linear warm-up length (fractional epochs allowed)
  double warmup_start_factor = 0.01;  ///< warm-up starts at this x the learning rate
  double min_lr = 0;                  ///< cosine/poly decay to it; plateau never goes below it
  int step_size = 30;                 ///< step: epochs between decays
  double gamma = 0.1;                 ///< step: decay factor
  double power = 0.9;                 ///< poly: exponent (nnU-Net uses 0.9)
  int patience = 10;                  ///< plateau: bad validations tolerated before a decay
  double factor = 0.1;                ///< plateau: decay factor
  double threshold = 1e-4;            ///< plateau: relative improvement that counts
  std::string mode = "min";           ///< plateau: min (loss) or max (score); the train stage
                                      ///< sets it from its monitor_mode
  int cooldown = 0;                   ///< plateau: validations ignored after a decay
};

/// The schema of a `schedule:` section.
const config::Schema& schedule_schema();
/// Reads and validates a `schedule:` section (a map, or just the type name).
ScheduleOptions schedule_options_from(const config::Node& node);

/// The learning rate as a function of (fractional) training time. After the warm-up, the
/// time-based schedules run over the remaining epochs: cosine reaches min_lr at `total_epochs`.
class LrSchedule {
 public:
  LrSchedule(ScheduleOptions options, double base_lr, double total_epochs);

  /// The rate at `epoch` = epoch index + iteration / iterations_per_epoch (smooth per step).
  /// For plateau: the current reduced rate (times the warm-up factor while warming up).
  double lr_at(double epoch) const;
  /// Reports a validation metric. Plateau: ReduceLROnPlateau's rule (relative threshold,
  /// patience, cooldown, min_lr), as in PyTorch; other schedules ignore it.
  void observe(double metric);

  /// Everything observe() changed, as JSON, so a resumed run continues exactly.
  std::string state() const;
  /// Restores state(); throws DataError when `json` is not such a state.
  void set_state(const std::string& json);

  const ScheduleOptions& options() const { return options_; }

 private:
  bool improves(double metric) const;

  ScheduleOptions options_;
  double base_lr_;
  double total_epochs_;
  // Plateau state (PyTorch names): best metric, bad validations, cooldown left, current rate.
  double best_;
  int num_bad_epochs_ = 0;
  int cooldown_counter_ = 0;
  double plateau_lr_;
};

}  // namespace ves
