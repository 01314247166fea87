// Applying transform lists and inverting predictions through their records.
#include "ves/engine/transform_chain.hpp"

#include "ves/config/node.hpp"
#include "ves/core/error.hpp"
#include "ves/plugin/registry.hpp"

namespace ves {

TransformChain::TransformChain(std::vector<std::unique_ptr<Transform>> transforms) {
  for (auto& t : transforms) transforms_.push_back(std::move(t));
}

TransformChain TransformChain::create(const config::Node& list, const Context& context,
                                      const std::string& owner) {
  std::vector<std::unique_ptr<Transform>> made;
  if (list.is_sequence()) {
    for (size_t i = 0; i < list.size(); ++i)
      made.push_back(context.create<Transform>(list[i], owner + "[" + std::to_string(i) + "]"));
  }
  return TransformChain(std::move(made));
}

void TransformChain::apply(Sample& sample, Rng& rng, bool with_random) const {
  for (size_t i = 0; i < transforms_.size(); ++i) {
    if (!with_random && transforms_[i]->is_random()) continue;
    transforms_[i]->apply(sample, rng, i);
  }
}

Volume TransformChain::invert(const Volume& volume, const Sample& transformed, bool nearest) const {
  Volume out = volume;
  for (auto it = transformed.history.rbegin(); it != transformed.history.rend(); ++it) {
    if (it->step >= transforms_.size()) {
      throw Error("case " + transformed.case_id +
                  ": a transform record points past the end of the transform list");
    }
    out = transforms_[it->step]->invert(out, *it, nearest);
  }
  return out;
}

}  // namespace ves
