// Grid comparison and resampling onto a reference volume, for multi-modal cases.
#include "resample.hpp"

#include <fmt/format.h>

namespace ves::io_itk {

bool same_grid(const Volume& a, const Volume& b, double tolerance) {
  return ves::same_grid(grid_of(a), grid_of(b), tolerance);
}

std::string describe_grid(const Volume& volume) {
  const auto size = volume.size_xyz();
  return fmt::format("{}x{}x{} voxels, {}", size[0], size[1], size[2], volume.geometry.describe());
}

Volume resample_onto(const Volume& volume, const Volume& reference, Interpolation interpolation) {
  return ves::resample_onto(volume, grid_of(reference), interpolation, /*zero_outside=*/true);
}

}  // namespace ves::io_itk
