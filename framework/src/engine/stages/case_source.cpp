#include "case_source.hpp"

#include "ves/api/reader.hpp"
#include "ves/config/config_error.hpp"
#include "ves/core/error.hpp"
#include "ves/core/log.hpp"
#include "ves/engine/csv_table.hpp"
#include "ves/plugin/registry.hpp"

namespace ves::stages {
namespace {

/// Parses `volumes_from: {volume: stage.output}`; ConfigError at the offending entry.
std::vector<JoinedVolume> parse_joins(const config::Node& map, const std::string& key) {
  std::vector<JoinedVolume> joins;
  if (map.is_null()) return joins;
  const char* expected = "expected {volume: stage.output}, e.g. {error: errors.error}";
  if (!map.is_map()) throw config::ConfigError(map.where(), key, expected);
  for (const auto& [volume, source] : map.entries()) {
    const std::string text = source.is_scalar() ? source.text() : "";
    const size_t dot = text.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == text.size())
      throw config::ConfigError(source.where(), key, "'" + volume + ": " + text + "': " + expected);
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
      .check("volumes_from",
             [](const config::Node& v, const std::string& key) { parse_joins(v, key); })
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
      joins_(parse_joins(params.node("volumes_from"), owner + ".volumes_from")),
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
  if (!sample || joins_.empty()) return sample;
  try {
    for (const auto& join : joins_) add_joined(join, *sample);
  } catch (const DataError& e) {  // a missing or unreadable file: skipped like the case's own
    if (!dataset_.skip_bad_cases()) throw;
    log().warn("{}: case {} skipped: {}", owner_, sample->case_id, e.what());
    if (why) *why = e.what();
    return std::nullopt;
  }
  return sample;
}

void CaseSource::add_joined(const JoinedVolume& join, Sample& sample) const {
  if (sample.has_volume(join.volume))
    throw UsageError(owner_ + ": `volumes_from` would replace the case's own volume '" +
                     join.volume + "'; give the joined volume another name");
  const auto file = joined_file(join, sample.case_id);
  std::unique_ptr<Reader> reader;
  {
    std::lock_guard<std::mutex> guard(join_lock_);
    config::Node node = config::Node::map();
    node.set("type", config::Node::scalar("image"));
    node.set("path", config::Node::scalar(file.string(), {}, /*quoted=*/true));
    reader = context_->create<Reader>(node, owner_ + ".volumes_from");
  }
  Volume joined = reader->load(reader->cases().front()).volume("image");
  // On the grid of the case's volumes (infer stages write on the grid the case was read on).
  for (const auto& [name, own] : sample.volumes)
    if (own.data.sizes().slice(1) != joined.data.sizes().slice(1) ||
        !own.geometry.approx_equal(joined.geometry, 1e-4))
      throw DataError("case " + sample.case_id + ": '" + join.volume + "' from stage '" +
                      join.stage + "' (" + file.string() + ", " + joined.describe() +
                      ") is not on the grid of its '" + name + "' (" + own.describe() + ")");
  sample.volumes[join.volume] = std::move(joined);
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
                    " volumes_from): that stage predicts a `set:` without this case (set: all "
                    "predicts every case), or could not read it (see its log)");
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
