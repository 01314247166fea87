#include "segmentation_evaluator.hpp"

#include <ATen/ATen.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>
#include <set>

#include "case_summary.hpp"
#include "lib/ranking_curves.hpp"
#include "lib/size_buckets.hpp"
#include "ves/config/config_error.hpp"
#include "ves/core/statistics.hpp"

namespace ves::metrics {
namespace {

/// Per metric, its values over the labels of one case, for their mean.
using LabelValues = std::map<std::string, std::vector<double>>;

constexpr const char* kVoxelPositives = "voxel_positives";
constexpr const char* kVoxelNegatives = "voxel_negatives";
constexpr const char* kCaseScore = "case_score";

double mean_of_finite(const std::vector<double>& values) {
  double sum = 0;
  int64_t n = 0;
  for (double v : values) {
    if (!std::isfinite(v)) continue;
    sum += v;
    ++n;
  }
  return n > 0 ? sum / static_cast<double>(n) : std::numeric_limits<double>::quiet_NaN();
}

const char* yes_no(bool value) {
  return value ? "yes" : "no";
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

void add_areas(const std::string& prefix, const RankingAreas& areas, ScalarMap& summary) {
  summary[prefix + "_average_precision"] = areas.average_precision;
  summary[prefix + "_pr_auc_trapezoid"] = areas.pr_auc_trapezoid;
  summary[prefix + "_roc_auc"] = areas.roc_auc;
}

}  // namespace

SegmentationEvaluator::SegmentationEvaluator(const config::Params& p)
    : source_{p.get_string("prediction"), p.get_string("probability"), p.get_double("threshold")},
      reference_key_(p.get_string("reference")),
      labels_(p.get_ints("labels")),
      size_buckets_ml_(p.get_doubles("size_buckets_ml")),
      thresholds_(p.get_doubles("thresholds")),
      select_by_(p.get_string("select_by")),
      include_empty_reference_(p.get_bool("include_empty_reference")),
      group_by_(p.get_strings("group_by")),
      case_score_(p.get_string("case_score")) {
  const auto range = p.get_doubles("score_range");
  score_range_ = {range[0], range[1]};
  options_.connectivity = static_cast<int>(p.get_int("connectivity"));
  if (options_.connectivity != 6 && options_.connectivity != 18 && options_.connectivity != 26)
    throw p.error("connectivity", "must be 6, 18 or 26");
  options_.empty_score = parse_empty_score(p.get_string("empty_dice"));
  const auto& known = metric_names();
  const auto requested = p.get_strings("metrics");
  for (const auto& name : requested)
    if (std::find(known.begin(), known.end(), name) == known.end())
      throw p.error("metrics", "unknown metric '" + name + "'", "choose from " + joined(known));
  for (const auto& name : known)
    if (std::find(requested.begin(), requested.end(), name) != requested.end())
      reported_.push_back(name);
  options_.lesion_wise = std::any_of(reported_.begin(), reported_.end(), is_lesion_metric);
  options_.surface_wise = std::any_of(reported_.begin(), reported_.end(), is_surface_metric);
  options_.distance.convention = parse_convention(p.get_string("convention"));
  options_.distance.nsd_tolerance_mm = p.get_double("nsd_tolerance");
  options_.distance.empty_distance = parse_empty_distance(p.get_string("empty_distance"));
  for (size_t i = 0; i < size_buckets_ml_.size(); ++i)
    if (size_buckets_ml_[i] <= 0 || (i > 0 && size_buckets_ml_[i] <= size_buckets_ml_[i - 1]))
      throw p.error("size_buckets_ml", "must be positive and strictly increasing",
                    "for example [1, 10]");
  if (std::set<int64_t>(labels_.begin(), labels_.end()).size() != labels_.size())
    throw p.error("labels", "lists a label twice");
  if (std::find(reported_.begin(), reported_.end(), select_by_) == reported_.end())
    throw p.error("select_by", "'" + select_by_ + "' is not one of the reported metrics",
                  "choose from: " + joined(reported_));
  for (double t : thresholds_)
    if (!(t >= 0.0 && t <= 1.0))
      throw p.error("thresholds", fmt::format("{} is not a probability", t),
                    "use values in [0, 1], e.g. [0.3, 0.5, 0.7]");
  std::sort(thresholds_.begin(), thresholds_.end());
  if (std::adjacent_find(thresholds_.begin(), thresholds_.end()) != thresholds_.end())
    throw p.error("thresholds", "lists a threshold twice");
  if (!thresholds_.empty() && !labels_.empty())
    throw p.error("thresholds", "a threshold sweep needs a binary probability map",
                  "leave `labels` empty to sweep, or `thresholds` empty to score labels");

  std::vector<std::string> thresholds_text;
  for (double t : thresholds_) thresholds_text.push_back(fmt::format("{}", t));
  std::vector<std::string> labels_text;
  for (int64_t l : labels_) labels_text.push_back(std::to_string(l));
  settings_ = {{"convention", p.get_string("convention")},
               {"metrics", joined(reported_)},
               {"select_by", select_by_},
               {"select_goal", lower_is_better(select_by_) ? "min" : "max"},
               {"include_empty_reference", include_empty_reference_ ? "true" : "false"},
               {"threshold", fmt::format("{}", source_.threshold)},
               {"thresholds", joined(thresholds_text)},
               {"labels", labels_text.empty() ? "binary (> 0)" : joined(labels_text)},
               {"connectivity", std::to_string(options_.connectivity)},
               {"empty_dice", p.get_string("empty_dice")},
               {"empty_distance", p.get_string("empty_distance")},
               {"nsd_tolerance_mm", fmt::format("{}", options_.distance.nsd_tolerance_mm)},
               {"case_score", case_score_}};
}

SegmentationEvaluator::Scored SegmentationEvaluator::score(const at::Tensor& prediction,
                                                           const at::Tensor& reference,
                                                           const MaskGrid& grid) const {
  // One pass per label (or one for the binary case); the flags describe the union of labels.
  std::vector<std::optional<int64_t>> selections(labels_.begin(), labels_.end());
  if (selections.empty()) selections.push_back(std::nullopt);
  Scored out;
  LabelValues per_label;
  for (const auto& label : selections) {
    const at::Tensor p = foreground_mask(prediction, label);
    const at::Tensor r = foreground_mask(reference, label);
    const SegmentationMetrics m =
        compute_segmentation_metrics(p.data_ptr<uint8_t>(), r.data_ptr<uint8_t>(), grid, options_);
    out.reference_ml += m.overlap.volume_ref_ml;
    out.any_predicted = out.any_predicted || m.confusion.predicted() > 0;
    out.any_detected = out.any_detected || m.confusion.tp > 0;
    for (const auto& [name, value] : named_values(m)) {
      if (std::find(reported_.begin(), reported_.end(), name) == reported_.end()) continue;
      if (label) {
        out.values[name + "_" + std::to_string(*label)] = value;
        per_label[name].push_back(value);
      } else {
        out.values[name] = value;
      }
    }
  }
  for (const auto& [name, values] : per_label) out.values[name] = mean_of_finite(values);
  return out;
}

void SegmentationEvaluator::add_ranking(const Volume& probability, const at::Tensor& reference,
                                        CaseMetrics& result) const {
  const at::Tensor prob = probability.data.to(at::kCPU, at::kFloat).contiguous();
  const at::Tensor truth = foreground_mask(reference, std::nullopt);
  ScoreHistogram histogram(10001, score_range_.first, score_range_.second);
  histogram.add(prob.data_ptr<float>(), truth.data_ptr<uint8_t>(), prob.numel());
  result.series[kVoxelPositives] = histogram.positives();
  result.series[kVoxelNegatives] = histogram.negatives();
  result.series[kCaseScore] = {summary_statistic(prob, case_score_)};
}

CaseMetrics SegmentationEvaluator::evaluate(const Sample& prediction,
                                            const Sample& reference) const {
  CaseMetrics result;
  result.case_id = reference.case_id.empty() ? prediction.case_id : reference.case_id;
  const Volume& ref = reference.volume(reference_key_);
  const Volume pred = prediction_map(prediction, source_);
  require_same_grid(pred, ref, result.case_id);
  const MaskGrid grid = mask_grid(ref);

  const Scored scored = score(pred.data, ref.data, grid);
  result.values = scored.values;
  result.tags[kLesionSizeTag] = size_bucket(scored.reference_ml, size_buckets_ml_);
  result.tags[kEmptyReferenceTag] = yes_no(scored.reference_ml == 0);
  result.tags[kEmptyPredictionTag] = yes_no(!scored.any_predicted);
  result.tags[kDetectedTag] = yes_no(scored.any_detected);
  for (const auto& key : group_by_)
    result.tags[key] = reference.meta_or(key, prediction.meta_or(key, "unknown"));

  // Probabilities, when the prediction has them: the sweep and the ranking inputs.
  if (labels_.empty() && prediction.has_volume(source_.probability_key)) {
    const Volume& prob = prediction.volume(source_.probability_key);
    require_same_grid(prob, ref, result.case_id);
    for (double t : thresholds_)
      result.sweep[t] = score(prob.data.ge(t).to(at::kByte), ref.data, grid).values;
    add_ranking(prob, ref.data, result);
  }
  return result;
}

ScalarMap SegmentationEvaluator::aggregate(const std::vector<CaseMetrics>& cases) const {
  std::vector<CaseMetrics> counted;
  for (const auto& c : cases) {
    const auto it = c.tags.find(kEmptyReferenceTag);
    if (include_empty_reference_ || it == c.tags.end() || it->second != "yes") counted.push_back(c);
  }
  ScalarMap summary = Evaluator::aggregate(counted);
  summary["cases"] = static_cast<double>(cases.size());
  add_micro_lesion_scores(counted, options_.empty_score, summary);
  add_case_rates(cases, summary);

  std::optional<ScoreHistogram> voxels;
  std::vector<double> scores;
  std::vector<bool> positive;
  for (const auto& c : cases) {
    const auto pos = c.series.find(kVoxelPositives), neg = c.series.find(kVoxelNegatives);
    if (pos != c.series.end() && neg != c.series.end()) {
      const auto h = ScoreHistogram::from_counts(pos->second, neg->second);
      if (voxels)
        voxels->merge(h);
      else
        voxels = h;
    }
    const auto score = c.series.find(kCaseScore);
    const auto empty = c.tags.find(kEmptyReferenceTag);
    if (score != c.series.end() && !score->second.empty() && empty != c.tags.end()) {
      scores.push_back(score->second.front());
      positive.push_back(empty->second == "no");
    }
  }
  if (voxels) add_areas("voxel", voxels->areas(), summary);
  if (!scores.empty()) add_areas("case", ranking_areas(scores, positive), summary);
  return summary;
}

std::map<std::string, std::string> SegmentationEvaluator::settings() const {
  return settings_;
}

config::Schema segmentation_evaluator_schema() {
  config::Schema s;
  s.text("prediction", "mask", "prediction volume: a binary mask or label map (> 0 = foreground)");
  s.text("reference", "label", "reference volume: a binary mask or label map (> 0 = foreground)");
  s.text("probability", "prob",
         "probability volume: thresholded when the prediction has no `prediction` volume; "
         "swept over `thresholds` and ranked for the PR/ROC areas when present");
  s.real("threshold", 0.5, "probabilities >= threshold are foreground");
  s.reals("thresholds", std::vector<double>{},
          "probability thresholds to sweep (summary.json `thresholds` and `best_threshold`); "
          "[] = no sweep");
  s.text("select_by", "dice",
         "metric that picks best_threshold (largest, or smallest for errors and distances) and "
         "orders the worst cases");
  s.flag("include_empty_reference", true,
         "cases whose reference is empty count in the means (false: left out)");
  s.integers("labels", std::vector<int64_t>{},
             "labels scored one by one as <metric>_<label> plus their mean; [] = binary (> 0)");
  s.integer("connectivity", 26, "neighbours joining lesion voxels: 6, 18 or 26", 6, 26);
  s.choice("empty_dice", "one", {"one", "nan"},
           "Dice, IoU and lesion F1 when prediction and reference are both empty");
  s.choice("convention", "metricsreloaded", {"metricsreloaded", "pooled", "deepmind"},
           "boundary distances: metricsreloaded (HD95 = larger of the two directed 95th "
           "percentiles, ASSD pooled; = MONAI), pooled (medpy: HD95 of both directions pooled, "
           "ASSD = mean of the directed means) or deepmind (surface-distance: corner-grid surface "
           "elements weighted by their area)");
  s.real("nsd_tolerance", 1.0, "tolerance in mm of the normalised surface Dice (nsd)", 0.0);
  s.choice("empty_distance", "nan", {"nan", "inf", "diagonal"},
           "hd, hd95, assd and masd when exactly one mask is empty (diagonal = the image "
           "diagonal in mm); nsd is then 0");
  s.texts("metrics", metric_names(), "metric names to report (default: all)");
  s.reals("size_buckets_ml", std::vector<double>{1.0, 10.0},
          "reference volume thresholds in mL of the lesion_size tag (ascending)");
  s.texts("group_by", std::vector<std::string>{},
          "case metadata keys (e.g. vertebra) copied to tags: summary.json breaks means down by "
          "their values");
  s.text("case_score", std::string("max"),
         "case-level score for case_average_precision / case_roc_auc: max, mean, or pNN (the "
         "NNth percentile of the case's probabilities, e.g. p99: robust anomaly scores)");
  s.reals("score_range", std::vector<double>{0.0, 1.0},
          "range of the probability map's values for voxel_roc_auc / voxel_average_precision "
          "(10001 bins; values outside count as its ends), e.g. [-5, 50] for z-scored errors");
  s.check("case_score", [](const config::Node& v, const std::string& key) {
    if (!is_summary_statistic(v.text()) || v.text() == "min")
      throw config::ConfigError(v.where(), key, "'" + v.text() + "' is neither max, mean nor pNN",
                                "e.g. p99 for the 99th percentile of the case's voxels");
  });
  s.check("score_range", [](const config::Node& v, const std::string& key) {
    if (v.size() != 2 || !(v[1].as_double() > v[0].as_double()))
      throw config::ConfigError(
          v.where(), key, "must be [low, high] with high > low",
          "e.g. [0, 1] for probabilities, [-10, 100] for z-scored error maps");
  });
  return s;
}

}  // namespace ves::metrics
