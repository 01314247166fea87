#pragma once
// Connected components of a binary mask as a label per voxel: ITK's
// ConnectedComponentImageFilter for 6- and 26-connectivity, the run-based union-find of
// component_runs.hpp for 18 (ITK has no 18-neighbourhood).
#include <array>
#include <cstdint>
#include <vector>

namespace ves::metrics {

/// One label per voxel: 0 = background, 1..count = component (numbering order unspecified).
struct ComponentLabels {
  std::vector<uint32_t> labels;
  uint32_t count = 0;
};

/// Throws std::invalid_argument unless `connectivity` is 6 (faces), 18 (faces and edges) or
/// 26 (faces, edges and corners). A 2-D mask (z = 1) gets 4 neighbours for 6, 8 for 18 and 26.
void check_connectivity(int connectivity);

/// Components of the nonzero voxels of `mask`, sized `size` [x, y, z] with x fastest.
ComponentLabels label_components(const uint8_t* mask, const std::array<int64_t, 3>& size,
                                 int connectivity);

/// The run-based labelling behind 18-connectivity; handles 6 and 26 too (tests compare it with
/// ITK's). Components are numbered in raster order of their first voxel.
ComponentLabels label_components_by_runs(const uint8_t* mask, const std::array<int64_t, 3>& size,
                                         int connectivity);

}  // namespace ves::metrics
