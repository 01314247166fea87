#pragma once
// Physical geometry of a voxel grid, in ITK's convention (LPS world, index order x, y, z).
#include <array>
#include <string>

namespace ves {

/// Spacing, origin and direction of a 3-D grid. Index i = (x, y, z) maps to the physical point
/// origin + direction * diag(spacing) * i, exactly as itk::ImageBase does.
struct Geometry {
  std::array<double, 3> spacing{1.0, 1.0, 1.0};  ///< mm between voxel centres along x, y, z
  std::array<double, 3> origin{0.0, 0.0, 0.0};   ///< physical position of voxel (0, 0, 0) in mm
  std::array<double, 9> direction{1, 0, 0, 0, 1, 0, 0, 0, 1};  ///< row-major 3x3, columns = axes

  /// Physical point of a continuous index (x, y, z).
  std::array<double, 3> index_to_physical(const std::array<double, 3>& index) const;
  /// Continuous index (x, y, z) of a physical point; inverse of index_to_physical.
  std::array<double, 3> physical_to_index(const std::array<double, 3>& point) const;
  /// Volume of one voxel in mm^3.
  double voxel_volume_mm3() const { return spacing[0] * spacing[1] * spacing[2]; }
  /// True when both geometries agree within `tolerance` (relative to spacing for positions).
  bool approx_equal(const Geometry& other, double tolerance = 1e-5) const;
  /// Orientation code as DICOM, nibabel, MONAI and Slicer write it: the side each axis points
  /// to, so ITK's identity direction is "LPS" and NIfTI's RAS+ is "RAS" (ITK's enum: "RAI").
  std::string orientation_code() const;
  /// Human-readable summary: spacing, origin, orientation.
  std::string describe() const;
};

}  // namespace ves
