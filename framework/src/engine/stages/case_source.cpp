#include "case_source.hpp"

#include "ves/plugin/registry.hpp"

namespace ves::stages {

config::Schema& add_case_source_params(config::Schema& schema) {
  return schema.component("dataset", "reader", "the cases to read (a reader with its parameters)")
      .components("preprocess", "transform", "deterministic transforms applied to every case")
      .any("split",
           "patient-level split: folds, fold, test_fraction, test_subjects, test_column, "
           "stratify, seed, file (see docs/pipeline-files.md)");
}

CaseSource::CaseSource(const config::Params& params, const Context& context,
                       const std::string& owner)
    : dataset_(params.node("dataset"), context, owner + ".dataset"),
      preprocess_(
          TransformChain::create(params.node("preprocess"), context, owner + ".preprocess")),
      seed_(context.seed) {
  if (params.has("split") && !params.node("split").is_null()) {
    options_ = split_options_from(params.node("split"), context.seed);
    if (!context.validate_only) split_ = make_split(dataset_.cases(), options_);
  }
}

void CaseSource::set_fold(int fold) {
  if (!split_) return;
  options_.fold = fold;
  split_ = make_split(dataset_.cases(), options_);
}

std::vector<size_t> CaseSource::indices(Split::Set set) const {
  if (split_) return split_->indices(set);
  std::vector<size_t> all;
  if (set == Split::Set::Train)
    for (size_t i = 0; i < dataset_.cases().size(); ++i) all.push_back(i);
  return all;
}

std::optional<Sample> CaseSource::load_raw(size_t i, std::string* why) const {
  std::optional<Sample> sample = dataset_.load(i, why);
  if (sample) add_split_meta(i, *sample);
  return sample;
}

void CaseSource::add_split_meta(size_t i, Sample& sample) const {
  if (!split_) return;
  sample.meta["split"] = set_name(split_->set[i]);
  if (split_->fold[i] >= 0) sample.meta["fold"] = std::to_string(split_->fold[i]);
}

std::optional<Sample> CaseSource::load(size_t i, std::string* why) const {
  std::optional<Sample> sample = dataset_.load(i, why);
  if (sample) preprocess_in_place(i, *sample);
  return sample;
}

Sample CaseSource::preprocessed(size_t i, const Sample& raw) const {
  Sample sample = raw;
  for (auto& [name, volume] : sample.volumes) volume.data = volume.data.clone();
  preprocess_in_place(i, sample);
  return sample;
}

void CaseSource::preprocess_in_place(size_t i, Sample& sample) const {
  Rng rng = Rng(seed_).fork(i);
  preprocess_.apply(sample, rng, /*with_random=*/false);
  add_split_meta(i, sample);
}

void CaseSource::write_split(const std::filesystem::path& dir) const {
  if (split_) ves::write_split(dir / "split.csv", dataset_.cases(), *split_);
}

}  // namespace ves::stages
