#pragma once
// Putting a channel or label onto another volume's grid (modalities acquired on different
// grids), through the framework's resampling.
#include <string>

#include "ves/core/resample.hpp"

namespace ves::io_itk {

/// True when both volumes lie on the same grid (size, spacing, origin, direction).
bool same_grid(const Volume& a, const Volume& b, double tolerance = 1e-4);

/// "181x217x181 voxels, spacing 1x1x1 mm, origin (90, 125, -71), LPS" for messages.
std::string describe_grid(const Volume& volume);

/// Every channel of `volume` resampled in physical space onto the grid of `reference`;
/// points outside `volume` get 0.
Volume resample_onto(const Volume& volume, const Volume& reference, Interpolation interpolation);

}  // namespace ves::io_itk
