#pragma once
// Exact Euclidean distance maps in mm (ITK's Maurer filter) of a set of marked voxels or points.
#include <itkImage.h>

#include <array>
#include <cstdint>

namespace ves::metrics {

/// One byte per voxel (or corner point), nonzero where it belongs to the set.
using MarkImage = itk::Image<uint8_t, 3>;
/// Distances in mm.
using DistanceImage = itk::Image<double, 3>;

/// A zero-filled image of `extent` voxels with `spacing` in mm.
MarkImage::Pointer blank_marks(const std::array<int64_t, 3>& extent,
                               const std::array<double, 3>& spacing);

/// Distance in mm from every voxel of `marks` to the nearest marked voxel (0 or less on it).
DistanceImage::Pointer distance_to(const MarkImage::Pointer& marks);

}  // namespace ves::metrics
