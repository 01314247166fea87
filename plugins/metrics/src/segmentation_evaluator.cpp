#include "segmentation_evaluator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include "case_summary.hpp"
#include "lib/size_buckets.hpp"

namespace ves::metrics {
namespace {

/// Per metric, its values over the labels of one case, for their mean.
using LabelValues = std::map<std::string, std::vector<double>>;

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

}  // namespace

SegmentationEvaluator::SegmentationEvaluator(const config::Params& p)
    : source_{p.get_string("prediction"), p.get_string("probability"), p.get_double("threshold")},
      reference_key_(p.get_string("reference")),
      labels_(p.get_ints("labels")),
      size_buckets_ml_(p.get_doubles("size_buckets_ml")) {
  options_.connectivity = static_cast<int>(p.get_int("connectivity"));
  if (options_.connectivity != 6 && options_.connectivity != 18 && options_.connectivity != 26)
    throw p.error("connectivity", "must be 6, 18 or 26");
  options_.empty_score = parse_empty_score(p.get_string("empty_dice"));
  for (const auto& name : p.get_strings("metrics")) {
    const auto& known = metric_names();
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      throw p.error("metrics", "unknown metric '" + name + "'", "choose from " + list);
    }
    reported_.insert(name);
  }
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
}

CaseMetrics SegmentationEvaluator::evaluate(const Sample& prediction,
                                            const Sample& reference) const {
  CaseMetrics result;
  result.case_id = reference.case_id.empty() ? prediction.case_id : reference.case_id;
  const Volume& ref = reference.volume(reference_key_);
  const Volume pred = prediction_map(prediction, source_);
  require_same_grid(pred, ref, result.case_id);
  const MaskGrid grid = mask_grid(ref);

  // One pass per label (or one for the binary case); tags describe the union of the labels.
  std::vector<std::optional<int64_t>> selections(labels_.begin(), labels_.end());
  if (selections.empty()) selections.push_back(std::nullopt);
  LabelValues per_label;
  double reference_ml = 0;
  bool any_predicted = false, any_detected = false;
  for (const auto& label : selections) {
    const at::Tensor p = foreground_mask(pred.data, label);
    const at::Tensor r = foreground_mask(ref.data, label);
    const SegmentationMetrics m =
        compute_segmentation_metrics(p.data_ptr<uint8_t>(), r.data_ptr<uint8_t>(), grid, options_);
    reference_ml += m.overlap.volume_ref_ml;
    any_predicted = any_predicted || m.confusion.predicted() > 0;
    any_detected = any_detected || m.confusion.tp > 0;
    for (const auto& [name, value] : named_values(m)) {
      if (!reported_.count(name)) continue;
      if (label) {
        result.values[name + "_" + std::to_string(*label)] = value;
        per_label[name].push_back(value);
      } else {
        result.values[name] = value;
      }
    }
  }
  for (const auto& [name, values] : per_label) result.values[name] = mean_of_finite(values);

  result.tags[kLesionSizeTag] = size_bucket(reference_ml, size_buckets_ml_);
  result.tags[kEmptyReferenceTag] = yes_no(reference_ml == 0);
  result.tags[kEmptyPredictionTag] = yes_no(!any_predicted);
  result.tags[kDetectedTag] = yes_no(any_detected);
  return result;
}

ScalarMap SegmentationEvaluator::aggregate(const std::vector<CaseMetrics>& cases) const {
  ScalarMap summary = Evaluator::aggregate(cases);
  add_micro_lesion_scores(cases, options_.empty_score, summary);
  add_case_rates(cases, summary);
  return summary;
}

config::Schema segmentation_evaluator_schema() {
  config::Schema s;
  s.text("prediction", "mask", "prediction volume: a binary mask or label map (> 0 = foreground)");
  s.text("reference", "label", "reference volume: a binary mask or label map (> 0 = foreground)");
  s.text("probability", "prob",
         "prediction volume thresholded when the prediction has no `prediction` volume");
  s.real("threshold", 0.5, "probabilities >= threshold are foreground");
  s.integers("labels", std::vector<int64_t>{},
             "labels scored one by one as <metric>_<label> plus their mean; [] = binary (> 0)");
  s.integer("connectivity", 26, "neighbours joining lesion voxels: 6, 18 or 26", 6, 26);
  s.choice("empty_dice", "one", {"one", "nan"},
           "Dice, IoU and lesion F1 when prediction and reference are both empty");
  s.choice("convention", "metricsreloaded", {"metricsreloaded", "pooled"},
           "boundary distances: metricsreloaded (HD95 = larger of the two directed 95th "
           "percentiles, ASSD pooled; = MONAI) or pooled (medpy: HD95 of both directions pooled, "
           "ASSD = mean of the directed means)");
  s.real("nsd_tolerance", 1.0, "tolerance in mm of the normalised surface Dice (nsd)", 0.0);
  s.choice("empty_distance", "nan", {"nan", "inf", "diagonal"},
           "hd, hd95, assd and masd when exactly one mask is empty (diagonal = the image "
           "diagonal in mm); nsd is then 0");
  s.texts("metrics", metric_names(), "metric names to report (default: all)");
  s.reals("size_buckets_ml", std::vector<double>{1.0, 10.0},
          "reference volume thresholds in mL of the lesion_size tag (ascending)");
  return s;
}

}  // namespace ves::metrics
