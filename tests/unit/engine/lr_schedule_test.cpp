// Learning-rate schedules against hand-computed values, and ReduceLROnPlateau step by step.
#include <gtest/gtest.h>

#include <cmath>

#include "ves/config/config_error.hpp"
#include "ves/config/loader.hpp"
#include "ves/core/error.hpp"
#include "ves/engine/lr_schedule.hpp"

namespace {

ves::ScheduleOptions options(const std::string& yaml) {
  return ves::schedule_options_from(
      ves::config::parse_yaml("schedule:\n" + yaml, "train.yaml").at("schedule"));
}

constexpr double kPi = 3.14159265358979323846;

}  // namespace

TEST(LrSchedule, CosineFallsFromTheRateToMinLr) {
  // lr(t) = 0.1 x 0.5 x (1 + cos(pi t / 10))
  const ves::LrSchedule s(options("  type: cosine\n"), 0.1, 10);
  EXPECT_DOUBLE_EQ(s.lr_at(0), 0.1);
  EXPECT_NEAR(s.lr_at(2.5), 0.05 * (1 + std::cos(kPi / 4)), 1e-12);  // 0.0853553
  EXPECT_NEAR(s.lr_at(5), 0.05, 1e-12);
  EXPECT_NEAR(s.lr_at(10), 0.0, 1e-12);
  EXPECT_NEAR(s.lr_at(12), 0.0, 1e-12);  // stays at the end value
  // With min_lr 0.01: 0.01 + 0.09 x 0.5 = 0.055 half way.
  const ves::LrSchedule floor(options("  type: cosine\n  min_lr: 0.01\n"), 0.1, 10);
  EXPECT_NEAR(floor.lr_at(5), 0.055, 1e-12);
  EXPECT_NEAR(floor.lr_at(10), 0.01, 1e-12);
}

TEST(LrSchedule, WarmsUpLinearlyThenStartsTheScheduleAtTheFullRate) {
  // Warm-up over 2 epochs from 0.01 x 0.1; then cosine over the remaining 10 epochs.
  const ves::LrSchedule s(options("  type: cosine\n  warmup_epochs: 2\n"), 0.1, 12);
  EXPECT_NEAR(s.lr_at(0), 0.001, 1e-12);
  EXPECT_NEAR(s.lr_at(1), 0.1 * (0.01 + 0.99 * 0.5), 1e-12);  // 0.0505
  EXPECT_NEAR(s.lr_at(0.25), 0.1 * (0.01 + 0.99 * 0.125), 1e-12);
  EXPECT_NEAR(s.lr_at(2), 0.1, 1e-12);
  EXPECT_NEAR(s.lr_at(7), 0.05, 1e-12);
  EXPECT_NEAR(s.lr_at(12), 0.0, 1e-12);
}

TEST(LrSchedule, StepMultipliesByGammaEveryStepSizeEpochs) {
  const ves::LrSchedule s(options("  type: step\n  step_size: 3\n  gamma: 0.5\n"), 1.0, 100);
  EXPECT_DOUBLE_EQ(s.lr_at(0), 1.0);
  EXPECT_DOUBLE_EQ(s.lr_at(2.99), 1.0);
  EXPECT_DOUBLE_EQ(s.lr_at(3), 0.5);
  EXPECT_DOUBLE_EQ(s.lr_at(6.5), 0.25);
}

TEST(LrSchedule, PolyFollowsNnUNet) {
  // nnU-Net: lr x (1 - epoch / epochs)^0.9; 0.5^0.9 = 0.535886731
  const ves::LrSchedule s(options("  type: poly\n"), 0.01, 100);
  EXPECT_DOUBLE_EQ(s.lr_at(0), 0.01);
  EXPECT_NEAR(s.lr_at(50), 0.01 * 0.535886731, 1e-11);
  EXPECT_NEAR(s.lr_at(100), 0.0, 1e-15);
}

TEST(LrSchedule, ConstantNeverChangesAndIgnoresMetrics) {
  ves::LrSchedule s(options("  type: constant\n"), 0.3, 10);
  s.observe(1.0);
  s.observe(2.0);
  EXPECT_DOUBLE_EQ(s.lr_at(0), 0.3);
  EXPECT_DOUBLE_EQ(s.lr_at(9.5), 0.3);
}

TEST(LrSchedule, PlateauMatchesPyTorchReduceLROnPlateauStepByStep) {
  // ReduceLROnPlateau(mode=min, factor=0.5, patience=2, threshold=0.1 (rel), cooldown=1,
  // min_lr=0.2), lr 1. "better" means metric < best x 0.9.
  //  1: 10  better (best 10)                    bad 0        lr 1
  //  2: 9.5 not < 9                             bad 1        lr 1
  //  3: 9.2                                     bad 2        lr 1
  //  4: 9.1                                     bad 3 > 2 -> lr 0.5, cooldown 1, bad 0
  //  5: 9.0 not < 9 -> bad 1; in cooldown -> cooldown 0, bad 0          lr 0.5
  //  6: 8.0 < 9 better (best 8)                 bad 0        lr 0.5
  //  7, 8: 8.0                                  bad 1, 2     lr 0.5
  //  9: 8.0                                     bad 3 -> lr 0.25, cooldown 1, bad 0
  // 10: 8.0 bad 1, cooldown -> 0, bad 0; 11, 12: bad 1, 2                lr 0.25
  // 13: 8.0 bad 3 -> max(0.125, min_lr 0.2) = 0.2                        lr 0.2
  // 14: cooldown; 15, 16: bad 1, 2; 17: bad 3 -> max(0.1, 0.2) = 0.2, no change
  ves::LrSchedule s(options("  type: plateau\n  factor: 0.5\n  patience: 2\n"
                            "  threshold: 0.1\n  cooldown: 1\n  min_lr: 0.2\n"),
                    1.0, 100);
  const std::vector<double> metrics{10, 9.5, 9.2, 9.1, 9.0, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8};
  const std::vector<double> expected{1,    1,    1,    0.5, 0.5, 0.5, 0.5, 0.5, 0.25,
                                     0.25, 0.25, 0.25, 0.2, 0.2, 0.2, 0.2, 0.2};
  for (size_t i = 0; i < metrics.size(); ++i) {
    s.observe(metrics[i]);
    EXPECT_DOUBLE_EQ(s.lr_at(static_cast<double>(i + 1)), expected[i]) << "validation " << i + 1;
  }
}

TEST(LrSchedule, PlateauInMaxModeWaitsForAHigherScore) {
  ves::ScheduleOptions o = options("  type: plateau\n  patience: 0\n");
  o.mode = "max";  // the train stage's monitor_mode: max
  ves::LrSchedule s(o, 1.0, 10);
  s.observe(0.5);  // better than -inf
  EXPECT_DOUBLE_EQ(s.lr_at(1), 1.0);
  s.observe(0.6);  // 0.6 > 0.5 x 1.0001
  EXPECT_DOUBLE_EQ(s.lr_at(2), 1.0);
  s.observe(0.55);  // worse, patience 0 -> x 0.1
  EXPECT_DOUBLE_EQ(s.lr_at(3), 0.1);
}

TEST(LrSchedule, PlateauAppliesTheWarmUp) {
  ves::LrSchedule s(options("  type: plateau\n  warmup_epochs: 1\n  warmup_start_factor: 0.5\n"),
                    1.0, 10);
  EXPECT_DOUBLE_EQ(s.lr_at(0), 0.5);
  EXPECT_DOUBLE_EQ(s.lr_at(0.5), 0.75);
  EXPECT_DOUBLE_EQ(s.lr_at(1), 1.0);
}

TEST(LrSchedule, StateRoundTripRestoresPlateauCounters) {
  const auto o = options("  type: plateau\n  patience: 2\n  factor: 0.5\n");
  ves::LrSchedule original(o, 1.0, 10);
  for (double m : {5.0, 6.0, 6.0}) original.observe(m);  // best 5, two bad validations
  ves::LrSchedule resumed(o, 1.0, 10);
  resumed.set_state(original.state());
  EXPECT_EQ(resumed.state(), original.state());
  original.observe(6.0);  // third bad one: both reduce now
  resumed.observe(6.0);
  EXPECT_DOUBLE_EQ(original.lr_at(4), 0.5);
  EXPECT_DOUBLE_EQ(resumed.lr_at(4), 0.5);
  resumed.observe(4.0);  // the restored best (5) is what 4 beats
  EXPECT_EQ(resumed.state(), R"({"best":4.0,"cooldown_counter":0,"num_bad_epochs":0,)"
                             R"("plateau_lr":0.5,"type":"plateau"})");
}

TEST(LrSchedule, StateOfAFreshPlateauHasNoBestYet) {
  const auto o = options("  type: plateau\n  patience: 0\n");
  ves::LrSchedule fresh(o, 1.0, 10);
  ves::LrSchedule resumed(o, 1.0, 10);
  resumed.set_state(fresh.state());
  resumed.observe(1e30);  // any value beats "no best yet"
  EXPECT_DOUBLE_EQ(resumed.lr_at(1), 1.0);
  EXPECT_THROW(resumed.set_state("{\"best\": 1}"), ves::DataError);
}

TEST(LrSchedule, RejectsAnUnknownType) {
  try {
    options("  type: linear\n");
    FAIL() << "no error";
  } catch (const ves::config::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find(
                  "value 'linear' is not one of constant, cosine, step, plateau, poly"),
              std::string::npos)
        << e.what();
  }
}
