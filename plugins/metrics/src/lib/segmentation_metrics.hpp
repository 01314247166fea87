#pragma once
// Every per-case metric of one binary mask pair, and their public names. The entry point of
// the metrics library: standard library and ITK only, no libtorch.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "lib/confusion.hpp"
#include "lib/empty_rule.hpp"
#include "lib/lesions.hpp"
#include "lib/mask_grid.hpp"
#include "lib/overlap.hpp"
#include "lib/surface_distance.hpp"

namespace ves::metrics {

/// How metrics are computed; every field has the evaluator's default.
struct MetricOptions {
  int connectivity = 26;                     ///< 6, 18 or 26: neighbours joining lesion voxels
  EmptyScore empty_score = EmptyScore::One;  ///< Dice, IoU and lesion F1 with both masks empty
  bool lesion_wise = true;                   ///< label components
  bool surface_wise = true;                  ///< boundary distances (distance maps)
  DistanceOptions distance;                  ///< its empty_score is taken from empty_score
};

/// Metrics of one case.
struct SegmentationMetrics {
  Confusion confusion;
  Overlap overlap;
  bool lesion_wise = false;  ///< false: `lesions` and `lesion_scores` were not computed
  LesionCounts lesions;
  LesionScores lesion_scores;
  bool surface_wise = false;  ///< false: `surface` was not computed
  SurfaceDistances surface;
};

/// Metrics of `prediction` against `reference`, both `grid.voxel_count()` bytes (x fastest,
/// nonzero = foreground). Throws std::invalid_argument on a bad connectivity.
SegmentationMetrics compute_segmentation_metrics(const uint8_t* prediction,
                                                 const uint8_t* reference, const MaskGrid& grid,
                                                 const MetricOptions& options = {});
/// Same, checking that both vectors hold `grid.voxel_count()` bytes (std::invalid_argument).
SegmentationMetrics compute_segmentation_metrics(const std::vector<uint8_t>& prediction,
                                                 const std::vector<uint8_t>& reference,
                                                 const MaskGrid& grid,
                                                 const MetricOptions& options = {});

/// The public metric names, in report order ("dice", "iou", ..., "lesion_count_diff", "hd",
/// "hd95", "assd", "masd", "asd_pred_to_ref", "asd_ref_to_pred", "nsd").
const std::vector<std::string>& metric_names();
/// True for the names that need connected components ("lesion_*").
bool is_lesion_metric(const std::string& name);
/// True for the boundary distance names ("hd", "hd95", "assd", "masd", "asd_*", "nsd").
bool is_surface_metric(const std::string& name);
/// True for the names where smaller is better (errors and distances: "fp", "hd95", ...).
bool lower_is_better(const std::string& name);
/// (name, value) in metric_names() order; lesion and distance metrics only when computed.
std::vector<std::pair<std::string, double>> named_values(const SegmentationMetrics& metrics);

}  // namespace ves::metrics
