#include "lib/segmentation_metrics.hpp"

#include <algorithm>
#include <stdexcept>

#include "lib/connected_components.hpp"

namespace ves::metrics {

SegmentationMetrics compute_segmentation_metrics(const uint8_t* prediction,
                                                 const uint8_t* reference, const MaskGrid& grid,
                                                 const MetricOptions& options) {
  check_connectivity(options.connectivity);
  const MaskScan scan = scan_masks(prediction, reference, grid);
  SegmentationMetrics m;
  m.confusion = scan.confusion;
  m.overlap = overlap_scores(scan.confusion, grid.voxel_volume_ml(), options.empty_score);
  m.lesion_wise = options.lesion_wise;
  if (options.lesion_wise) {
    m.lesions = count_lesions(prediction, reference, grid, scan.foreground, options.connectivity);
    m.lesion_scores = lesion_scores(m.lesions, options.empty_score);
  }
  m.surface_wise = options.surface_wise;
  if (options.surface_wise) {
    DistanceOptions distance = options.distance;
    distance.empty_score = options.empty_score;
    m.surface = surface_distances(prediction, reference, grid, scan.foreground, distance);
  }
  return m;
}

SegmentationMetrics compute_segmentation_metrics(const std::vector<uint8_t>& prediction,
                                                 const std::vector<uint8_t>& reference,
                                                 const MaskGrid& grid,
                                                 const MetricOptions& options) {
  const auto n = static_cast<size_t>(grid.voxel_count());
  if (prediction.size() != n || reference.size() != n)
    throw std::invalid_argument("the prediction has " + std::to_string(prediction.size()) +
                                " voxels and the reference " + std::to_string(reference.size()) +
                                ", but their grid holds " + std::to_string(n));
  return compute_segmentation_metrics(prediction.data(), reference.data(), grid, options);
}

const std::vector<std::string>& metric_names() {
  static const std::vector<std::string> names{"dice",
                                              "iou",
                                              "precision",
                                              "recall",
                                              "specificity",
                                              "tp",
                                              "fp",
                                              "fn",
                                              "tn",
                                              "volume_ref_ml",
                                              "volume_pred_ml",
                                              "volume_diff_ml",
                                              "abs_volume_diff_ml",
                                              "lesion_tp",
                                              "lesion_fp",
                                              "lesion_fn",
                                              "lesion_precision",
                                              "lesion_recall",
                                              "lesion_f1",
                                              "lesion_count_diff",
                                              "hd",
                                              "hd95",
                                              "assd",
                                              "masd",
                                              "asd_pred_to_ref",
                                              "asd_ref_to_pred",
                                              "nsd"};
  return names;
}

bool is_lesion_metric(const std::string& name) {
  return name.rfind("lesion_", 0) == 0;
}

bool is_surface_metric(const std::string& name) {
  static const std::vector<std::string> surface{
      "hd", "hd95", "assd", "masd", "asd_pred_to_ref", "asd_ref_to_pred", "nsd"};
  return std::find(surface.begin(), surface.end(), name) != surface.end();
}

bool lower_is_better(const std::string& name) {
  // Error counts and volume differences, and every distance (nsd is a score).
  static const std::vector<std::string> errors{
      "fp",        "fn",        "volume_diff_ml",   "abs_volume_diff_ml",
      "lesion_fp", "lesion_fn", "lesion_count_diff"};
  return (is_surface_metric(name) && name != "nsd") ||
         std::find(errors.begin(), errors.end(), name) != errors.end();
}

std::vector<std::pair<std::string, double>> named_values(const SegmentationMetrics& m) {
  const auto count = [](int64_t n) { return static_cast<double>(n); };
  std::vector<std::pair<std::string, double>> values{
      {"dice", m.overlap.dice},
      {"iou", m.overlap.iou},
      {"precision", m.overlap.precision},
      {"recall", m.overlap.recall},
      {"specificity", m.overlap.specificity},
      {"tp", count(m.confusion.tp)},
      {"fp", count(m.confusion.fp)},
      {"fn", count(m.confusion.fn)},
      {"tn", count(m.confusion.tn)},
      {"volume_ref_ml", m.overlap.volume_ref_ml},
      {"volume_pred_ml", m.overlap.volume_pred_ml},
      {"volume_diff_ml", m.overlap.volume_diff_ml},
      {"abs_volume_diff_ml", m.overlap.abs_volume_diff_ml}};
  if (m.lesion_wise) {
    values.insert(values.end(), {{"lesion_tp", count(m.lesions.tp)},
                                 {"lesion_fp", count(m.lesions.fp)},
                                 {"lesion_fn", count(m.lesions.fn)},
                                 {"lesion_precision", m.lesion_scores.precision},
                                 {"lesion_recall", m.lesion_scores.recall},
                                 {"lesion_f1", m.lesion_scores.f1},
                                 {"lesion_count_diff", m.lesion_scores.count_diff}});
  }
  if (m.surface_wise) {
    values.insert(values.end(), {{"hd", m.surface.hd},
                                 {"hd95", m.surface.hd95},
                                 {"assd", m.surface.assd},
                                 {"masd", m.surface.masd},
                                 {"asd_pred_to_ref", m.surface.asd_pred_to_ref},
                                 {"asd_ref_to_pred", m.surface.asd_ref_to_pred},
                                 {"nsd", m.surface.nsd}});
  }
  return values;
}

}  // namespace ves::metrics
