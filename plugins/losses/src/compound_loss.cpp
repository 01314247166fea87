// The compound loss: nested components built through the registry, summed with their weights.
#include "compound_loss.hpp"

#include <ATen/ATen.h>

#include "ves/plugin/registry.hpp"

namespace ves::losses {
namespace {

// Parameters a compound passes down to its terms when it sets them.
const char* const kInherited[] = {"output", "target", "deep_supervision"};

// The term's node with the compound's inherited parameters filled in where the term accepts
// them and leaves them unset. A bare name ("dice") becomes a map.
config::Node with_inherited(const config::Node& term, const config::Params& params,
                            const Registry& registry) {
  config::Node node = term;
  if (term.is_scalar()) {
    node = config::Node::map(term.where());
    node.set("type", term);
    node.set_path(term.path());
  }
  const config::Node* type = node.is_map() ? node.find("type") : nullptr;
  const ComponentInfo* info =
      type && type->is_scalar() ? registry.find(Loss::kKind, type->text()) : nullptr;
  if (!info) return term;  // the registry reports the missing or unknown type
  for (const char* name : kInherited) {
    if (params.has(name) && !node.has(name) && info->schema.find(name))
      node.set(name, params.node(name));
  }
  return node;
}

}  // namespace

void add_compound_params(config::Schema& schema) {
  schema.components("terms", Loss::kKind, "the losses summed, each with its own weight");
  schema.real("weight", 1.0, "multiplies the total and every term", 0.0);
  for (const char* name : kInherited) {
    config::ParamSpec spec;
    spec.name = name;
    spec.type = std::string(name) == "deep_supervision" ? config::ParamType::Bool
                                                        : config::ParamType::String;
    spec.doc = std::string("when set, the ") + name + " of every term that does not set its own";
    spec.optional = true;
    schema.add(std::move(spec));
  }
}

CompoundLoss::CompoundLoss(const config::Params& params, const Context& context)
    : weight_(params.get_double("weight")) {
  const config::Node& terms = params.node("terms");
  if (!terms.is_sequence() || terms.size() == 0) {
    throw params.error("terms", "needs at least one loss",
                       "e.g. terms: [{type: dice}, {type: bce}]");
  }
  if (!context.registry) throw Error("internal: the compound loss needs a registry");
  for (size_t i = 0; i < terms.size(); ++i) {
    terms_.push_back(context.create<Loss>(with_inherited(terms[i], params, *context.registry),
                                          "loss compound.terms[" + std::to_string(i) + "]"));
  }
}

LossResult CompoundLoss::compute(const TensorMap& outputs, const Batch& batch) const {
  LossResult result;
  for (const auto& term : terms_) {
    const LossResult part = term->compute(outputs, batch);
    result.total = result.total.defined() ? result.total + part.total : part.total;
    for (const auto& [name, value] : part.terms) {
      std::string unique = name;
      for (int n = 2; result.terms.count(unique) > 0; ++n) unique = name + "_" + std::to_string(n);
      result.terms[unique] = weight_ * value;
    }
  }
  result.total = weight_ * result.total;
  return result;
}

}  // namespace ves::losses
