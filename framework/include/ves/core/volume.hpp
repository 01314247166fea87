#pragma once
// A Volume is image data plus the physical geometry of its grid.
#include <ATen/core/Tensor.h>
#include <string>

#include "ves/core/geometry.hpp"

namespace ves {

/// Tensor shaped [C, Z, Y, X] (or [C, Y, X] for a 2-D slice) with its geometry.
/// The geometry always describes the 3-D grid; a 2-D slice keeps the plane's 3-D placement.
struct Volume {
  at::Tensor data;    ///< [C, Z, Y, X] or [C, Y, X]
  Geometry geometry;  ///< spacing/origin/direction of the last three (or two) dims, x fastest

  int64_t channels() const { return data.size(0); }
  /// Spatial rank: 3 for [C,Z,Y,X], 2 for [C,Y,X].
  int64_t spatial_dims() const { return data.dim() - 1; }
  /// Spatial size in ITK order (x, y, z); z = 1 for 2-D.
  std::array<int64_t, 3> size_xyz() const;
  /// "1x64x64x32 float32 @ 1.0x1.0x3.0 mm" style summary for logs and errors.
  std::string describe() const;
};

}  // namespace ves
