// Optimisers by name: the YAML section is validated by one schema, then each model parameter
// group becomes a libtorch parameter group with its own scaled learning rate.
#include "ves/engine/optimizer.hpp"

#include <torch/optim/adam.h>
#include <torch/optim/adamw.h>
#include <torch/optim/sgd.h>

#include <tuple>

#include "ves/config/config_error.hpp"
#include "ves/config/params.hpp"
#include "ves/config/schema.hpp"
#include "ves/core/error.hpp"

namespace ves {

namespace {

// Options of the chosen optimiser with learning rate `lr`.
std::unique_ptr<torch::optim::OptimizerOptions> options_for(const OptimizerOptions& o, double lr) {
  const auto betas = std::make_tuple(o.betas.at(0), o.betas.at(1));
  if (o.type == "adamw")
    return std::make_unique<torch::optim::AdamWOptions>(
        torch::optim::AdamWOptions(lr).betas(betas).eps(o.eps).weight_decay(o.weight_decay));
  if (o.type == "adam")
    return std::make_unique<torch::optim::AdamOptions>(
        torch::optim::AdamOptions(lr).betas(betas).eps(o.eps).weight_decay(o.weight_decay));
  if (o.type == "sgd")
    return std::make_unique<torch::optim::SGDOptions>(torch::optim::SGDOptions(lr)
                                                          .momentum(o.momentum)
                                                          .nesterov(o.nesterov)
                                                          .weight_decay(o.weight_decay));
  throw Error("optimizer.type: unknown optimiser '" + o.type + "'; use adamw, adam or sgd");
}

}  // namespace

const config::Schema& optimizer_schema() {
  static const config::Schema schema = [] {
    config::Schema s;
    s.choice("type", "adamw", {"adamw", "adam", "sgd"}, "which optimiser")
        .real("lr", 2e-4, "base learning rate (each parameter group scales it)", 0.0)
        .real("weight_decay", 1e-5, "weight decay: decoupled for adamw, L2 for adam and sgd", 0.0)
        .reals("betas", std::vector<double>{0.9, 0.999}, "adam/adamw moment decay rates", 2)
        .real("eps", 1e-8, "adam/adamw term added to the denominator", 0.0)
        .real("momentum", 0.99, "sgd momentum", 0.0, 1.0)
        .flag("nesterov", true, "sgd: use Nesterov momentum (needs momentum > 0)");
    return s;
  }();
  return schema;
}

OptimizerOptions optimizer_options_from(const config::Node& node) {
  const config::Params p = config::Params::validate(node, optimizer_schema(), "optimizer");
  OptimizerOptions o;
  o.type = p.get_string("type");
  o.lr = p.get_double("lr");
  o.weight_decay = p.get_double("weight_decay");
  o.betas = p.get_doubles("betas");
  o.eps = p.get_double("eps");
  o.momentum = p.get_double("momentum");
  o.nesterov = p.get_bool("nesterov");
  for (const double beta : o.betas)
    if (beta < 0 || beta >= 1)
      throw p.error("betas", "each beta must be in [0, 1)", "the usual values are [0.9, 0.999]");
  if (o.type == "sgd" && o.nesterov && o.momentum <= 0)
    throw p.error("nesterov", "Nesterov momentum needs momentum > 0",
                  "set momentum (e.g. 0.99) or nesterov: false");
  return o;
}

void ScaledOptimizer::set_learning_rate(double lr) {
  base_lr = lr;
  auto& groups = optimizer->param_groups();
  for (size_t i = 0; i < groups.size() && i < lr_scales.size(); ++i)
    groups[i].options().set_lr(lr * lr_scales[i]);
}

ScaledOptimizer make_optimizer(const std::vector<ParameterGroup>& groups,
                               const OptimizerOptions& options) {
  std::vector<torch::optim::OptimizerParamGroup> torch_groups;
  ScaledOptimizer out;
  out.base_lr = options.lr;
  size_t parameters = 0;
  for (const ParameterGroup& group : groups) {
    if (group.lr_scale < 0)
      throw Error("parameter group '" + group.name + "' has a negative lr_scale (" +
                  std::to_string(group.lr_scale) + "); the model must give a scale >= 0");
    torch_groups.emplace_back(group.parameters, options_for(options, options.lr * group.lr_scale));
    out.lr_scales.push_back(group.lr_scale);
    parameters += group.parameters.size();
  }
  if (parameters == 0)
    throw Error("the model has no parameters to optimise; check its parameter_groups()");
  auto defaults = options_for(options, options.lr);
  if (options.type == "adamw")
    out.optimizer = std::make_unique<torch::optim::AdamW>(
        std::move(torch_groups), static_cast<torch::optim::AdamWOptions&>(*defaults));
  else if (options.type == "adam")
    out.optimizer = std::make_unique<torch::optim::Adam>(
        std::move(torch_groups), static_cast<torch::optim::AdamOptions&>(*defaults));
  else
    out.optimizer = std::make_unique<torch::optim::SGD>(
        std::move(torch_groups), static_cast<torch::optim::SGDOptions&>(*defaults));
  return out;
}

}  // namespace ves
