#pragma once
// Surfaces of masks as triangle meshes in physical coordinates (mm, LPS as ITK and the NIfTI
// files' geometry), written as .vtp or .stl, which open in 3D Slicer and ParaView over the image.
#include <vtkPolyData.h>
#include <vtkSmartPointer.h>

#include <filesystem>
#include <string>

#include "ves/core/volume.hpp"

namespace ves::viz {

struct MeshOptions {
  std::string method = "flying_edges";  ///< flying_edges | marching_cubes (both discrete)
  int smoothing_iterations = 0;         ///< windowed-sinc smoothing passes (0 = none)
  double decimate = 0.0;                ///< share of triangles to remove, 0..0.99 (quadric)
};

/// The surface of the nonzero voxels of channel 0 of `mask` ([1, Z, Y, X]), halfway between
/// inside and outside voxel centres, closed at the grid's edge; points in physical
/// coordinates. An empty mask gives an empty mesh.
vtkSmartPointer<vtkPolyData> mask_surface(const Volume& mask, const MeshOptions& options);

/// Writes `mesh` as .vtp (VTK XML, binary) or .stl (binary) by `path`'s extension, atomically.
/// Throws DataError naming the path for another extension or a failed write.
void write_mesh(vtkPolyData* mesh, const std::filesystem::path& path);

}  // namespace ves::viz
