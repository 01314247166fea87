#include "case_source.hpp"

#include "ves/plugin/registry.hpp"

namespace ves::stages {

config::Schema& add_case_source_params(config::Schema& schema) {
  return schema.component("dataset", "reader", "the cases to read (a reader with its parameters)")
      .components("preprocess", "transform", "deterministic transforms applied to every case");
}

CaseSource::CaseSource(const config::Params& params, const Context& context,
                       const std::string& owner)
    : reader_(context.create<Reader>(params.node("dataset"), owner + ".dataset")),
      preprocess_(
          TransformChain::create(params.node("preprocess"), context, owner + ".preprocess")),
      cases_(reader_->cases()),
      seed_(context.seed) {}

Sample CaseSource::load(size_t i) const {
  Sample sample = reader_->load(cases_.at(i));
  Rng rng = Rng(seed_).fork(i);
  preprocess_.apply(sample, rng, /*with_random=*/false);
  return sample;
}

}  // namespace ves::stages
