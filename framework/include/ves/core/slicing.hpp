#pragma once
// 2-D slices of 3-D volumes, for slice-wise models, samplers and inferers.
//
// Orientations are defined on the volume's ARRAY axes (z, y, x), so they carry their anatomical
// meaning only once the volume is reoriented to RAS or LPS (transform `reorient`):
//   axial    fixes z: slice [C, Y, X], rows y, columns x
//   coronal  fixes y: slice [C, Z, X], rows z, columns x
//   sagittal fixes x: slice [C, Z, Y], rows z, columns y
// Rows and columns keep the array's order (no flips). A slice's Geometry keeps its 3-D
// placement: spacing and direction columns are (columns, rows, slice normal), and the origin is
// the physical point of its pixel (0, 0), so every pixel keeps its physical position.
#include <cstdint>
#include <string>
#include <vector>

#include "ves/core/volume.hpp"

namespace ves {

enum class SliceOrientation { Axial, Coronal, Sagittal };

/// "axial", "coronal" or "sagittal"; throws Error naming the accepted words otherwise.
SliceOrientation parse_slice_orientation(const std::string& name);
/// Each name parsed; throws Error naming the first unknown one, or for an empty list.
std::vector<SliceOrientation> parse_slice_orientations(const std::vector<std::string>& names);
/// The lower-case name, as stored in Sample::meta["orientation"].
std::string slice_orientation_name(SliceOrientation orientation);

/// Number of slices of a [C, Z, Y, X] volume in `orientation`.
int64_t slice_count(const Volume& volume, SliceOrientation orientation);
/// Slice `index` (0-based, along the fixed axis) as a [C, Y', X'] volume with its own copy of
/// the voxels. Throws DataError for a volume that is not 3-D or an index out of range.
Volume extract_slice(const Volume& volume, SliceOrientation orientation, int64_t index);
/// Every slice of one orientation, in index order.
std::vector<Volume> extract_slices(const Volume& volume, SliceOrientation orientation);
/// Writes a [C, Y', X'] slice (e.g. a prediction) back into `volume` at `index`: the inverse of
/// extract_slice. Throws DataError when the shapes do not match.
void insert_slice(Volume& volume, const Volume& slice, SliceOrientation orientation, int64_t index);

}  // namespace ves
