// Learning-rate schedules as pure functions of training time, plus ReduceLROnPlateau's
// state machine (written after PyTorch's torch/optim/lr_scheduler.py).
#include "ves/engine/lr_schedule.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <utility>

#include "ves/config/params.hpp"
#include "ves/config/schema.hpp"
#include "ves/core/error.hpp"

namespace ves {

namespace {

constexpr double kPi = 3.14159265358979323846;
// PyTorch ignores reductions smaller than this (ReduceLROnPlateau's eps).
constexpr double kMinReduction = 1e-8;

double initial_best(const std::string& mode) {
  return mode == "max" ? -std::numeric_limits<double>::infinity()
                       : std::numeric_limits<double>::infinity();
}

}  // namespace

const config::Schema& schedule_schema() {
  static const config::Schema schema = [] {
    config::Schema s;
    s.choice("type", "cosine", {"constant", "cosine", "step", "plateau", "poly"},
             "how the learning rate changes over training")
        .real("warmup_epochs", 0.0,
              "linear warm-up length in epochs (fractions allowed); the schedule starts after it",
              0.0)
        .real("warmup_start_factor", 0.01, "the warm-up starts at this x the learning rate", 0.0,
              1.0)
        .real("min_lr", 0.0, "cosine and poly decay to it; plateau never reduces below it", 0.0)
        .integer("step_size", 30, "step: epochs between two decays", 1)
        .real("gamma", 0.1, "step: the rate is multiplied by it every step_size epochs", 0.0, 1.0)
        .real("power", 0.9, "poly: exponent of (1 - t/T) (nnU-Net: 0.9)", 0.0)
        .integer("patience", 10, "plateau: validations without improvement before a decay", 0)
        .real("factor", 0.1, "plateau: the rate is multiplied by it at each decay", 0.0, 1.0)
        .real("threshold", 1e-4, "plateau: relative improvement that counts as better", 0.0)
        .integer("cooldown", 0, "plateau: validations ignored after a decay", 0);
    return s;
  }();
  return schema;
}

ScheduleOptions schedule_options_from(const config::Node& node) {
  const config::Params p = config::Params::validate(node, schedule_schema(), "schedule");
  ScheduleOptions o;
  o.type = p.get_string("type");
  o.warmup_epochs = p.get_double("warmup_epochs");
  o.warmup_start_factor = p.get_double("warmup_start_factor");
  o.min_lr = p.get_double("min_lr");
  o.step_size = static_cast<int>(p.get_int("step_size"));
  o.gamma = p.get_double("gamma");
  o.power = p.get_double("power");
  o.patience = static_cast<int>(p.get_int("patience"));
  o.factor = p.get_double("factor");
  o.threshold = p.get_double("threshold");
  o.cooldown = static_cast<int>(p.get_int("cooldown"));
  if (o.type == "plateau" && o.factor >= 1.0)
    throw p.error("factor", "a plateau decay factor must be below 1", "e.g. factor: 0.1");
  return o;
}

LrSchedule::LrSchedule(ScheduleOptions options, double base_lr, double total_epochs)
    : options_(std::move(options)),
      base_lr_(base_lr),
      total_epochs_(total_epochs),
      best_(initial_best(options_.mode)),
      plateau_lr_(base_lr) {}

double LrSchedule::lr_at(double epoch) const {
  const ScheduleOptions& o = options_;
  // Time since the warm-up ended, and the length of the decay that follows it.
  const double t = std::max(0.0, epoch - o.warmup_epochs);
  const double span = std::max(total_epochs_ - o.warmup_epochs, 1e-12);
  const double progress = std::min(t / span, 1.0);
  double lr = base_lr_;
  if (o.type == "cosine") {
    lr = o.min_lr + (base_lr_ - o.min_lr) * 0.5 * (1.0 + std::cos(kPi * progress));
  } else if (o.type == "poly") {
    lr = o.min_lr + (base_lr_ - o.min_lr) * std::pow(1.0 - progress, o.power);
  } else if (o.type == "step") {
    lr = base_lr_ * std::pow(o.gamma, std::floor(t / o.step_size));
  } else if (o.type == "plateau") {
    lr = plateau_lr_;
  }
  if (o.warmup_epochs > 0 && epoch < o.warmup_epochs) {
    const double ramp = std::max(0.0, epoch) / o.warmup_epochs;
    lr *= o.warmup_start_factor + (1.0 - o.warmup_start_factor) * ramp;
  }
  return lr;
}

bool LrSchedule::improves(double metric) const {
  // PyTorch's threshold_mode 'rel'; NaN never improves.
  if (options_.mode == "max") return metric > best_ * (1.0 + options_.threshold);
  return metric < best_ * (1.0 - options_.threshold);
}

void LrSchedule::observe(double metric) {
  if (options_.type != "plateau") return;
  if (improves(metric)) {
    best_ = metric;
    num_bad_epochs_ = 0;
  } else {
    ++num_bad_epochs_;
  }
  if (cooldown_counter_ > 0) {
    --cooldown_counter_;
    num_bad_epochs_ = 0;  // bad validations during the cooldown do not count
  }
  if (num_bad_epochs_ > options_.patience) {
    const double reduced = std::max(plateau_lr_ * options_.factor, options_.min_lr);
    if (plateau_lr_ - reduced > kMinReduction) plateau_lr_ = reduced;
    cooldown_counter_ = options_.cooldown;
    num_bad_epochs_ = 0;
  }
}

std::string LrSchedule::state() const {
  nlohmann::json j = {{"type", options_.type},
                      {"num_bad_epochs", num_bad_epochs_},
                      {"cooldown_counter", cooldown_counter_},
                      {"plateau_lr", plateau_lr_}};
  // JSON has no infinity: "no best yet" is written as null.
  j["best"] = std::isfinite(best_) ? nlohmann::json(best_) : nlohmann::json(nullptr);
  return j.dump();
}

void LrSchedule::set_state(const std::string& json) {
  try {
    const auto j = nlohmann::json::parse(json);
    num_bad_epochs_ = j.at("num_bad_epochs").get<int>();
    cooldown_counter_ = j.at("cooldown_counter").get<int>();
    plateau_lr_ = j.at("plateau_lr").get<double>();
    best_ = j.at("best").is_null() ? initial_best(options_.mode) : j.at("best").get<double>();
  } catch (const nlohmann::json::exception& e) {
    throw DataError("the saved learning-rate schedule state is not valid (" +
                    std::string(e.what()) + "); the checkpoint may come from another version");
  }
}

}  // namespace ves
