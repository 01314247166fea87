#include "lib/surface_distance.hpp"

#include <itkImage.h>
#include <itkImageRegionConstIterator.h>
#include <itkSignedMaurerDistanceMapImageFilter.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <vector>

namespace ves::metrics {
namespace {

using BorderImage = itk::Image<uint8_t, 3>;
using DistanceImage = itk::Image<double, 3>;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The border of `mask` inside `box`, as one byte per box voxel (x fastest): foreground voxels
// with a background 6-neighbour; a neighbour outside the image is background. Axes of size 1
// (a 2-D mask) have no neighbours along them.
BorderImage::Pointer border_of(const uint8_t* mask, const MaskGrid& grid, const VoxelBox& box,
                               int64_t& count) {
  const auto extent = box.extent();
  auto image = BorderImage::New();
  BorderImage::RegionType region;
  for (unsigned a = 0; a < 3; ++a) region.SetSize(a, static_cast<itk::SizeValueType>(extent[a]));
  image->SetRegions(region);
  image->SetSpacing(grid.spacing.data());
  image->Allocate(true);
  uint8_t* out = image->GetBufferPointer();
  const int64_t nx = grid.size[0], ny = grid.size[1];
  const int64_t stride[3] = {1, nx, nx * ny};
  count = 0;
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
        if (border) {
          out[(x - box.lo[0]) + extent[0] * ((y - box.lo[1]) + extent[1] * (z - box.lo[2]))] = 1;
          ++count;
        }
      }
  return image;
}

// Distance in mm from every box voxel to the nearest voxel of `border` (0 on it).
DistanceImage::Pointer distance_to(const BorderImage::Pointer& border) {
  using Filter = itk::SignedMaurerDistanceMapImageFilter<BorderImage, DistanceImage>;
  auto filter = Filter::New();
  filter->SetInput(border);
  filter->SetBackgroundValue(0);
  filter->SetUseImageSpacing(true);
  filter->SetSquaredDistance(false);
  filter->SetInsideIsPositive(false);  // outside the border voxels: positive distances
  filter->Update();
  return filter->GetOutput();
}

// Distances from each voxel of `from` to the nearest voxel of `to`, in mm.
std::vector<double> directed(const BorderImage::Pointer& from, const DistanceImage::Pointer& to,
                             int64_t count) {
  std::vector<double> out;
  out.reserve(static_cast<size_t>(count));
  const uint8_t* mask = from->GetBufferPointer();
  const double* distance = to->GetBufferPointer();
  const auto n = static_cast<int64_t>(from->GetBufferedRegion().GetNumberOfPixels());
  for (int64_t i = 0; i < n; ++i)
    if (mask[i]) out.push_back(std::max(0.0, distance[i]));  // inside a border voxel: on it
  return out;
}

double sum(const std::vector<double>& values) {
  return std::accumulate(values.begin(), values.end(), 0.0);
}

int64_t within(const std::vector<double>& values, double tolerance) {
  return std::count_if(values.begin(), values.end(), [&](double d) { return d <= tolerance; });
}

SurfaceDistances all_equal(double distance, double nsd) {
  return {distance, distance, distance, distance, nsd};
}

}  // namespace

Convention parse_convention(const std::string& name) {
  if (name == "metricsreloaded") return Convention::MetricsReloaded;
  if (name == "pooled") return Convention::Pooled;
  throw std::invalid_argument("unknown distance convention '" + name +
                              "'; known: metricsreloaded, pooled");
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

SurfaceDistances surface_distances(const uint8_t* prediction, const uint8_t* reference,
                                   const MaskGrid& grid, const VoxelBox& box,
                                   const DistanceOptions& options) {
  int64_t n_pred = 0, n_ref = 0;
  BorderImage::Pointer pred_border, ref_border;
  if (!box.empty()) {
    pred_border = border_of(prediction, grid, box, n_pred);
    ref_border = border_of(reference, grid, box, n_ref);
  }
  if (n_pred == 0 && n_ref == 0)
    return options.empty_score == EmptyScore::One ? all_equal(0.0, 1.0) : all_equal(kNaN, kNaN);
  if (n_pred == 0 || n_ref == 0) {
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
  std::vector<double> pred_to_ref = directed(pred_border, distance_to(ref_border), n_pred);
  std::vector<double> ref_to_pred = directed(ref_border, distance_to(pred_border), n_ref);

  SurfaceDistances d;
  const double count = static_cast<double>(n_pred + n_ref);
  d.nsd = static_cast<double>(within(pred_to_ref, options.nsd_tolerance_mm) +
                              within(ref_to_pred, options.nsd_tolerance_mm)) /
          count;
  const double sum_pred = sum(pred_to_ref), sum_ref = sum(ref_to_pred);
  d.masd = (sum_pred / static_cast<double>(n_pred) + sum_ref / static_cast<double>(n_ref)) / 2.0;
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

}  // namespace ves::metrics
