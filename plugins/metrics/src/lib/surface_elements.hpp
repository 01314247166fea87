#pragma once
// Surface elements on the voxel-corner grid, weighted by area, as google-deepmind's
// surface-distance defines them: the `deepmind` distance convention. Standard library and ITK.
#include <array>
#include <cstdint>
#include <vector>

#include "lib/border_distances.hpp"
#include "lib/mask_grid.hpp"

namespace ves::metrics {

/// Area in mm^2 of the marching-cubes surface inside the 2x2x2 neighbourhood of each corner
/// code (bit 128 = voxel (x-1, y-1, z-1) ... bit 1 = voxel (x, y, z)), for `spacing`.
std::array<double, 256> surfel_areas(const std::array<double, 3>& spacing);
/// Length in mm of the marching-squares contour inside each 2x2 code of a 2-D mask (bit 8 =
/// pixel (x-1, y-1), 4 = (x-1, y), 2 = (x, y-1), 1 = (x, y)).
std::array<double, 16> contour_lengths(double spacing_x, double spacing_y);

/// Distances in mm from the surface elements of one mask to the other mask's, with each
/// element's area (mm^2; contour length in mm for a 2-D mask).
struct WeightedDistances {
  std::vector<double> distance;
  std::vector<double> area;
};

/// Both directions between the surface elements of `prediction` and `reference` (bytes, x
/// fastest, nonzero = foreground), cropped to `box`, which holds all foreground of both. A mask
/// with one slice (z size 1) is 2-D: contours in the x-y plane. An empty mask has no elements.
struct SurfaceElementDistances {
  WeightedDistances pred_to_ref;
  WeightedDistances ref_to_pred;
  bool prediction_empty = true;  ///< no foreground: no elements, no distances either way
  bool reference_empty = true;
};
SurfaceElementDistances surface_element_distances(const uint8_t* prediction,
                                                  const uint8_t* reference, const MaskGrid& grid,
                                                  const VoxelBox& box,
                                                  DistanceMethod method = DistanceMethod::Tree);

}  // namespace ves::metrics
