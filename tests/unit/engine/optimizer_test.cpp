// Optimisers by name: schema, per-group learning rates, options reaching libtorch, one SGD step.
#include <gtest/gtest.h>
#include <torch/optim/adam.h>
#include <torch/optim/adamw.h>
#include <torch/optim/sgd.h>

#include "ves/config/config_error.hpp"
#include "ves/config/loader.hpp"
#include "ves/engine/optimizer.hpp"

namespace {

ves::OptimizerOptions options(const std::string& yaml) {
  return ves::optimizer_options_from(
      ves::config::parse_yaml("optimizer:\n" + yaml, "train.yaml").at("optimizer"));
}

std::string error_of(const std::string& yaml) {
  try {
    options(yaml);
  } catch (const ves::config::ConfigError& e) {
    return e.what();
  }
  return "no error";
}

std::vector<ves::ParameterGroup> two_groups() {
  return {{"encoder", {torch::zeros({2}, torch::requires_grad())}, 0.1},
          {"decoder", {torch::zeros({3}, torch::requires_grad())}, 1.0}};
}

}  // namespace

TEST(Optimizer, DefaultsToAdamWWithTheDocumentedSettings) {
  const ves::OptimizerOptions o = ves::optimizer_options_from(
      ves::config::parse_yaml("optimizer: {}\n", "train.yaml").at("optimizer"));
  EXPECT_EQ(o.type, "adamw");
  EXPECT_DOUBLE_EQ(o.lr, 2e-4);
  EXPECT_DOUBLE_EQ(o.weight_decay, 1e-5);
  EXPECT_EQ(o.betas, (std::vector<double>{0.9, 0.999}));
  EXPECT_DOUBLE_EQ(o.eps, 1e-8);
  const ves::ScaledOptimizer opt = ves::make_optimizer(two_groups(), o);
  EXPECT_NE(dynamic_cast<torch::optim::AdamW*>(opt.optimizer.get()), nullptr);
}

TEST(Optimizer, GivesEachGroupTheBaseRateTimesItsScale) {
  ves::ScaledOptimizer opt = ves::make_optimizer(two_groups(), options("  lr: 0.001\n"));
  auto& groups = opt.optimizer->param_groups();
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_DOUBLE_EQ(groups[0].options().get_lr(), 1e-4);  // 0.001 x 0.1
  EXPECT_DOUBLE_EQ(groups[1].options().get_lr(), 1e-3);
  opt.set_learning_rate(0.5);
  EXPECT_DOUBLE_EQ(groups[0].options().get_lr(), 0.05);
  EXPECT_DOUBLE_EQ(groups[1].options().get_lr(), 0.5);
  EXPECT_DOUBLE_EQ(opt.learning_rate(), 0.5);
}

TEST(Optimizer, PassesWeightDecayBetasAndEpsToAdam) {
  const ves::ScaledOptimizer opt = ves::make_optimizer(
      two_groups(), options("  type: adam\n  weight_decay: 0.01\n  betas: [0.8, 0.95]\n"
                            "  eps: 1.0e-6\n"));
  ASSERT_NE(dynamic_cast<torch::optim::Adam*>(opt.optimizer.get()), nullptr);
  for (auto& group : opt.optimizer->param_groups()) {
    const auto& adam = static_cast<const torch::optim::AdamOptions&>(group.options());
    EXPECT_DOUBLE_EQ(adam.weight_decay(), 0.01);
    EXPECT_DOUBLE_EQ(std::get<0>(adam.betas()), 0.8);
    EXPECT_DOUBLE_EQ(std::get<1>(adam.betas()), 0.95);
    EXPECT_DOUBLE_EQ(adam.eps(), 1e-6);
  }
}

TEST(Optimizer, OneSgdStepGivesTheHandComputedParameter) {
  // f(w) = (w - 3)^2 at w = 1: grad = 2 (w - 3) = -4. With weight_decay 0.5: d = -4 + 0.5 x 1
  // = -3.5; first step: buf = d = -3.5; Nesterov: d + 0.9 buf = -3.5 - 3.15 = -6.65.
  // lr = 0.2 x scale 0.5 = 0.1, so w = 1 - 0.1 x (-6.65) = 1.665.
  at::Tensor w = torch::ones({1}, torch::requires_grad());
  ves::ScaledOptimizer opt = ves::make_optimizer(
      {{"all", {w}, 0.5}},
      options("  type: sgd\n  lr: 0.2\n  momentum: 0.9\n  weight_decay: 0.5\n"));
  const auto& sgd =
      static_cast<const torch::optim::SGDOptions&>(opt.optimizer->param_groups()[0].options());
  EXPECT_TRUE(sgd.nesterov());
  opt.optimizer->zero_grad();
  (w - 3).pow(2).sum().backward();
  opt.optimizer->step();
  EXPECT_NEAR(w.item<double>(), 1.665, 1e-6);
}

TEST(Optimizer, AcceptsABareTypeName) {
  const auto node = ves::config::parse_yaml("optimizer: sgd\n", "train.yaml").at("optimizer");
  EXPECT_EQ(ves::optimizer_options_from(node).type, "sgd");
}

TEST(Optimizer, RejectsAnUnknownType) {
  const std::string message = error_of("  type: lbfgs\n");
  EXPECT_NE(message.find("value 'lbfgs' is not one of adamw, adam, sgd"), std::string::npos)
      << message;
}

TEST(Optimizer, RejectsNesterovWithoutMomentum) {
  const std::string message = error_of("  type: sgd\n  momentum: 0\n");
  EXPECT_NE(message.find("Nesterov momentum needs momentum > 0"), std::string::npos) << message;
}

TEST(Optimizer, RefusesAModelWithoutParameters) {
  EXPECT_THROW(ves::make_optimizer({{"all", {}, 1.0}}, ves::OptimizerOptions{}), ves::Error);
}
