#pragma once
// How much each voxel of a sliding window counts. Patch sizes are in tensor order: (Z, Y, X)
// for 3-D, (Y, X) for 2-D; the window grid itself is ves/core/window_grid.hpp.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

namespace ves::sliding_window {

/// Smallest weight of the Gaussian importance map (as MONAI): every voxel of a window counts,
/// so a voxel covered only by window edges still gets a defined average.
constexpr double kMinimumImportance = 1e-3;

/// Gaussian importance map of `patch` (float32, CPU): the product over axes of
/// exp(-((i - (n - 1) / 2) / (sigma_scale * n))^2 / 2), scaled to a maximum of 1 and clamped
/// to at least kMinimumImportance. Symmetric, so mirrored windows weigh the same.
at::Tensor gaussian_importance(const std::vector<int64_t>& patch, double sigma_scale);

/// A map of ones (constant weighting).
at::Tensor constant_importance(const std::vector<int64_t>& patch);

}  // namespace ves::sliding_window
