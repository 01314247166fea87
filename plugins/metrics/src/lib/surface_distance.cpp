#include "lib/surface_distance.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "lib/border_distances.hpp"
#include "lib/surface_elements.hpp"

namespace ves::metrics {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The border of `mask` inside `box`, as box-relative indices in raster order (x fastest):
// foreground voxels with a background 6-neighbour; a neighbour outside the image is background.
// Axes of size 1 (a 2-D mask) have no neighbours along them.
std::vector<GridPoint> border_of(const uint8_t* mask, const MaskGrid& grid, const VoxelBox& box) {
  std::vector<GridPoint> out;
  const int64_t nx = grid.size[0], ny = grid.size[1];
  const int64_t stride[3] = {1, nx, nx * ny};
  for (int64_t z = box.lo[2]; z <= box.hi[2]; ++z)
    for (int64_t y = box.lo[1]; y <= box.hi[1]; ++y)
      for (int64_t x = box.lo[0]; x <= box.hi[0]; ++x) {
        const int64_t at = x + nx * (y + ny * z);
        if (!mask[at]) continue;
        const int64_t position[3] = {x, y, z};
        bool border = false;
        for (int a = 0; a < 3 && !border; ++a) {
          if (grid.size[a] == 1) continue;
          border = position[a] == 0 || position[a] == grid.size[a] - 1 || !mask[at - stride[a]] ||
                   !mask[at + stride[a]];
        }
        if (border)
          out.push_back({static_cast<int32_t>(x - box.lo[0]), static_cast<int32_t>(y - box.lo[1]),
                         static_cast<int32_t>(z - box.lo[2])});
      }
  return out;
}

double sum(const std::vector<double>& values) {
  return std::accumulate(values.begin(), values.end(), 0.0);
}

int64_t within(const std::vector<double>& values, double tolerance) {
  return std::count_if(values.begin(), values.end(), [&](double d) { return d <= tolerance; });
}

double area_within(const WeightedDistances& w, double tolerance) {
  double total = 0;
  for (size_t i = 0; i < w.distance.size(); ++i)
    if (w.distance[i] <= tolerance) total += w.area[i];
  return total;
}

double weighted_sum(const WeightedDistances& w) {
  double total = 0;
  for (size_t i = 0; i < w.distance.size(); ++i) total += w.distance[i] * w.area[i];
  return total;
}

SurfaceDistances all_equal(double distance, double nsd) {
  return {distance, distance, distance, distance, nsd, distance, distance};
}

SurfaceDistances empty_case(bool both, const MaskGrid& grid, const DistanceOptions& options) {
  if (both)
    return options.empty_score == EmptyScore::One ? all_equal(0.0, 1.0) : all_equal(kNaN, kNaN);
  double penalty = kNaN;
  if (options.empty_distance == EmptyDistance::Inf)
    penalty = std::numeric_limits<double>::infinity();
  if (options.empty_distance == EmptyDistance::Diagonal) {
    double squares = 0;
    for (int a = 0; a < 3; ++a) squares += std::pow(grid.size[a] * grid.spacing[a], 2);
    penalty = std::sqrt(squares);
  }
  return all_equal(penalty, 0.0);
}

// Border voxels, exact distances: the metricsreloaded and pooled conventions.
SurfaceDistances voxel_border_distances(const uint8_t* prediction, const uint8_t* reference,
                                        const MaskGrid& grid, const VoxelBox& box,
                                        const DistanceOptions& options) {
  std::vector<GridPoint> pred_border, ref_border;
  if (!box.empty()) {
    pred_border = border_of(prediction, grid, box);
    ref_border = border_of(reference, grid, box);
  }
  const auto n_pred = static_cast<int64_t>(pred_border.size());
  const auto n_ref = static_cast<int64_t>(ref_border.size());
  if (n_pred == 0 || n_ref == 0) return empty_case(n_pred == 0 && n_ref == 0, grid, options);
  BorderDistances both =
      border_distances(pred_border, ref_border, box.extent(), grid.spacing, options.method);
  std::vector<double>& pred_to_ref = both.a_to_b;
  std::vector<double>& ref_to_pred = both.b_to_a;

  SurfaceDistances d;
  const double count = static_cast<double>(n_pred + n_ref);
  d.nsd = static_cast<double>(within(pred_to_ref, options.nsd_tolerance_mm) +
                              within(ref_to_pred, options.nsd_tolerance_mm)) /
          count;
  const double sum_pred = sum(pred_to_ref), sum_ref = sum(ref_to_pred);
  d.asd_pred_to_ref = sum_pred / static_cast<double>(n_pred);
  d.asd_ref_to_pred = sum_ref / static_cast<double>(n_ref);
  d.masd = (d.asd_pred_to_ref + d.asd_ref_to_pred) / 2.0;
  if (options.convention == Convention::Pooled) {
    d.assd = d.masd;
    std::vector<double> pooled(pred_to_ref);
    pooled.insert(pooled.end(), ref_to_pred.begin(), ref_to_pred.end());
    d.hd95 = percentile(pooled, 95.0);
    d.hd = pooled.back();  // sorted by percentile()
  } else {
    d.assd = (sum_pred + sum_ref) / count;
    d.hd95 = std::max(percentile(pred_to_ref, 95.0), percentile(ref_to_pred, 95.0));
    d.hd = std::max(pred_to_ref.back(), ref_to_pred.back());  // both sorted by percentile()
  }
  return d;
}

// Corner-grid surface elements weighted by area: the deepmind convention.
SurfaceDistances surface_element_metrics(const uint8_t* prediction, const uint8_t* reference,
                                         const MaskGrid& grid, const VoxelBox& box,
                                         const DistanceOptions& options) {
  const SurfaceElementDistances e =
      surface_element_distances(prediction, reference, grid, box, options.method);
  if (e.prediction_empty || e.reference_empty)
    return empty_case(e.prediction_empty && e.reference_empty, grid, options);
  const WeightedDistances& p = e.pred_to_ref;
  const WeightedDistances& r = e.ref_to_pred;
  const double area_pred = sum(p.area), area_ref = sum(r.area);
  const double weighted_pred = weighted_sum(p), weighted_ref = weighted_sum(r);
  SurfaceDistances d;
  d.asd_pred_to_ref = weighted_pred / area_pred;
  d.asd_ref_to_pred = weighted_ref / area_ref;
  d.masd = (d.asd_pred_to_ref + d.asd_ref_to_pred) / 2.0;
  d.assd = (weighted_pred + weighted_ref) / (area_pred + area_ref);
  d.nsd = (area_within(p, options.nsd_tolerance_mm) + area_within(r, options.nsd_tolerance_mm)) /
          (area_pred + area_ref);
  d.hd95 = std::max(area_percentile(p.distance, p.area, 95.0),
                    area_percentile(r.distance, r.area, 95.0));
  d.hd = std::max(*std::max_element(p.distance.begin(), p.distance.end()),
                  *std::max_element(r.distance.begin(), r.distance.end()));
  return d;
}

}  // namespace

Convention parse_convention(const std::string& name) {
  if (name == "metricsreloaded") return Convention::MetricsReloaded;
  if (name == "pooled") return Convention::Pooled;
  if (name == "deepmind") return Convention::DeepMind;
  throw std::invalid_argument("unknown distance convention '" + name +
                              "'; known: metricsreloaded, pooled, deepmind");
}

EmptyDistance parse_empty_distance(const std::string& name) {
  if (name == "nan") return EmptyDistance::NaN;
  if (name == "inf") return EmptyDistance::Inf;
  if (name == "diagonal") return EmptyDistance::Diagonal;
  throw std::invalid_argument("unknown empty-mask distance '" + name +
                              "'; known: nan, inf, diagonal");
}

double percentile(std::vector<double>& values, double p) {
  if (values.empty()) return kNaN;
  std::sort(values.begin(), values.end());
  const double position = p / 100.0 * static_cast<double>(values.size() - 1);
  const auto below = static_cast<size_t>(std::floor(position));
  const size_t above = std::min(below + 1, values.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return values[below] + fraction * (values[above] - values[below]);
}

double area_percentile(const std::vector<double>& distance, const std::vector<double>& area,
                       double p) {
  if (distance.empty()) return kNaN;
  std::vector<size_t> order(distance.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return distance[a] < distance[b]; });
  double total = 0;
  for (size_t i : order) total += area[i];
  double cumulative = 0;
  for (size_t i : order) {
    cumulative += area[i];
    if (cumulative / total >= p / 100.0) return distance[i];
  }
  return distance[order.back()];
}

SurfaceDistances surface_distances(const uint8_t* prediction, const uint8_t* reference,
                                   const MaskGrid& grid, const VoxelBox& box,
                                   const DistanceOptions& options) {
  if (options.convention == Convention::DeepMind)
    return surface_element_metrics(prediction, reference, grid, box, options);
  return voxel_border_distances(prediction, reference, grid, box, options);
}

}  // namespace ves::metrics
