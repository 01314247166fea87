#pragma once
// Boundary distances of two binary masks in mm (HD, HD95, ASSD, MASD, normalised surface Dice),
// under a named convention. Standard library and ITK only.
#include <cstdint>
#include <string>
#include <vector>

#include "lib/border_distances.hpp"
#include "lib/empty_rule.hpp"
#include "lib/mask_grid.hpp"

namespace ves::metrics {

/// Which published definition the distances follow (docs/metrics.md has the formulas).
enum class Convention {
  MetricsReloaded,  ///< per-direction 95th percentiles, max of the two; ASSD pooled (= MONAI)
  Pooled,           ///< medpy: 95th percentile of both directions pooled; ASSD = MASD
  DeepMind,  ///< google-deepmind/surface-distance: corner-grid surface elements weighted by area
};

/// "metricsreloaded", "pooled" or "deepmind"; throws std::invalid_argument otherwise.
Convention parse_convention(const std::string& name);

/// Distances when exactly one mask is empty (there is no boundary to measure to).
enum class EmptyDistance {
  NaN,       ///< undefined: left out of means
  Inf,       ///< infinite
  Diagonal,  ///< a penalty: the image diagonal in mm
};

/// "nan", "inf" or "diagonal"; throws std::invalid_argument otherwise.
EmptyDistance parse_empty_distance(const std::string& name);

struct DistanceOptions {
  Convention convention = Convention::MetricsReloaded;
  double nsd_tolerance_mm = 1.0;                      ///< tolerance of the surface Dice
  EmptyDistance empty_distance = EmptyDistance::NaN;  ///< one mask empty
  /// Both empty: distances 0 and NSD 1, or all NaN (compute_segmentation_metrics sets it from
  /// MetricOptions::empty_score, so Dice and distances follow one rule).
  EmptyScore empty_score = EmptyScore::One;
  /// k-d tree (default) or ITK's distance maps: the same values, the tree is faster.
  DistanceMethod method = DistanceMethod::Tree;
};

/// Distances in mm between the borders of the masks (border = mask minus its 6-neighbour
/// erosion, or surface elements for DeepMind; voxels outside the image count as background).
struct SurfaceDistances {
  double hd = 0;    ///< largest distance, both directions
  double hd95 = 0;  ///< 95th percentile per the convention (max of the two directed ones)
  double assd = 0;  ///< average symmetric surface distance, per the convention
  double masd = 0;  ///< mean of the two directed mean distances
  double nsd = 0;   ///< border (area) within the tolerance, both directions, over all of it
  double asd_pred_to_ref = 0;  ///< directed mean distance, prediction border to reference
  double asd_ref_to_pred = 0;  ///< directed mean distance, reference border to prediction
};

/// Distances of `prediction` vs `reference` (`grid.voxel_count()` bytes each, x fastest, nonzero
/// = foreground); `box` holds every foreground voxel of both (MaskScan::foreground), and the
/// work is cropped to it.
SurfaceDistances surface_distances(const uint8_t* prediction, const uint8_t* reference,
                                   const MaskGrid& grid, const VoxelBox& box,
                                   const DistanceOptions& options = {});

/// Percentile `p` (0-100) of `values` with linear interpolation between order statistics
/// (numpy's default); NaN for no values. Reorders `values`.
double percentile(std::vector<double>& values, double p);

/// Area-weighted percentile `p` (0-100) as surface-distance computes it: with the distances
/// sorted, the first one whose cumulative area share reaches p/100. NaN for no values.
double area_percentile(const std::vector<double>& distance, const std::vector<double>& area,
                       double p);

}  // namespace ves::metrics
