#pragma once
// Voxel confusion counts of two binary masks, found in one pass over the voxels.
#include <cstdint>

#include "lib/mask_grid.hpp"

namespace ves::metrics {

/// Voxel counts; a voxel is foreground when its byte is nonzero.
struct Confusion {
  int64_t tp = 0;  ///< prediction and reference
  int64_t fp = 0;  ///< prediction only
  int64_t fn = 0;  ///< reference only
  int64_t tn = 0;  ///< neither

  int64_t predicted() const { return tp + fp; }
  int64_t referenced() const { return tp + fn; }
};

/// The counts plus the box holding every foreground voxel of either mask, which later steps
/// (connected components, distances) crop to.
struct MaskScan {
  Confusion confusion;
  VoxelBox foreground;
};

/// One pass over `grid.voxel_count()` voxels of `prediction` and `reference` (x fastest).
MaskScan scan_masks(const uint8_t* prediction, const uint8_t* reference, const MaskGrid& grid);

}  // namespace ves::metrics
