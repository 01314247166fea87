#include "case_source.hpp"

#include "ves/api/reader.hpp"
#include "ves/core/error.hpp"
#include "ves/engine/csv_table.hpp"
#include "ves/plugin/registry.hpp"

namespace ves::stages {
namespace {

std::vector<JoinedVolume> parse_joins(const config::Params& params) {
  std::vector<JoinedVolume> joins;
  if (!params.has("volumes_from")) return joins;
  const config::Node& map = params.node("volumes_from");
  if (map.is_null()) return joins;
  const char* expected = "expected {volume: stage.output}, e.g. {error: errors.error}";
  if (!map.is_map()) throw params.error("volumes_from", expected);
  for (const auto& [volume, source] : map.entries()) {
    const std::string text = source.is_scalar() ? source.text() : "";
    const size_t dot = text.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == text.size())
      throw params.error("volumes_from", "'" + volume + ": " + text + "': " + expected);
    joins.push_back({volume, text.substr(0, dot), text.substr(dot + 1)});
  }
  return joins;
}

}  // namespace

config::Schema& add_case_source_params(config::Schema& schema) {
  schema.component("dataset", "reader", "the cases to read (a reader with its parameters)");
  config::ParamSpec joins;
  joins.name = "volumes_from";
  joins.type = config::ParamType::Map;
  joins.doc =
      "volumes to add to every case from earlier infer stages, {volume: stage.output}, e.g. "
      "{error: errors.error}: that stage's written `error` file of the same case";
  joins.default_value = config::Node::map();
  return schema.add(joins)
      .components("preprocess", "transform", "deterministic transforms applied to every case")
      .any("split",
           "patient-level split: folds, fold, test_fraction, test_subjects, test_column, "
           "stratify, seed, file (see docs/pipeline-files.md)");
}

CaseSource::CaseSource(const config::Params& params, const Context& context,
                       const std::string& owner)
    : dataset_(params.node("dataset"), context, owner + ".dataset"),
      context_(&context),
      owner_(owner),
      joins_(parse_joins(params)),
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

std::optional<Sample> CaseSource::read(size_t i, std::string* why) const {
  std::optional<Sample> sample = dataset_.load(i, why);
  if (!sample) return sample;
  for (const auto& join : joins_) {
    const auto file = joined_file(join, sample->case_id);
    std::unique_ptr<Reader> reader;
    {
      std::lock_guard<std::mutex> guard(join_lock_);
      config::Node node = config::Node::map();
      node.set("type", config::Node::scalar("image"));
      node.set("path", config::Node::scalar(file.string(), {}, /*quoted=*/true));
      reader = context_->create<Reader>(node, owner_ + ".volumes_from");
    }
    Sample joined = reader->load(reader->cases().front());
    sample->volumes[join.volume] = joined.volume("image");
  }
  return sample;
}

std::filesystem::path CaseSource::joined_file(const JoinedVolume& join,
                                              const std::string& case_id) const {
  std::lock_guard<std::mutex> guard(join_lock_);
  const std::string key = join.stage + "." + join.output;
  auto files = join_files_.find(key);
  if (files == join_files_.end()) {
    const std::string entry = "`volumes_from: {" + join.volume + ": " + key + "}`";
    const auto csv = context_->artifacts->find(join.stage + ".predictions_csv");
    if (csv == context_->artifacts->end())
      throw UsageError(owner_ + ": " + entry + " needs the predictions of infer stage '" +
                       join.stage +
                       "'; list that stage before this one in `stages:` (or run it "
                       "first with --stage " +
                       join.stage + ")");
    const CsvTable table = read_csv(csv->second);
    if (!table.has_column(join.output))
      throw UsageError(owner_ + ": " + entry + ": stage '" + join.stage + "' wrote no '" +
                       join.output + "' volume (" + csv->second.string() +
                       "); add it to that stage's `outputs:`");
    std::map<std::string, std::filesystem::path> by_case;
    for (size_t r = 0; r < table.rows(); ++r)
      by_case[table.get(r, "case")] = csv->second.parent_path() / table.get(r, join.output);
    files = join_files_.emplace(key, std::move(by_case)).first;
  }
  const auto file = files->second.find(case_id);
  if (file == files->second.end())
    throw DataError("case " + case_id + ": infer stage '" + join.stage + "' wrote no '" +
                    join.output + "' for it (" + owner_ +
                    " volumes_from); set that stage's `set: all` to predict every case");
  return file->second;
}

std::optional<Sample> CaseSource::load_raw(size_t i, std::string* why) const {
  std::optional<Sample> sample = read(i, why);
  if (sample) add_split_meta(i, *sample);
  return sample;
}

void CaseSource::add_split_meta(size_t i, Sample& sample) const {
  if (!split_) return;
  sample.meta["split"] = set_name(split_->set[i]);
  if (split_->fold[i] >= 0) sample.meta["fold"] = std::to_string(split_->fold[i]);
}

std::optional<Sample> CaseSource::load(size_t i, std::string* why) const {
  std::optional<Sample> sample = read(i, why);
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
