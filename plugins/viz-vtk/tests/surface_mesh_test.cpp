// Mask surfaces: bounds in physical coordinates, files that read back, empty masks.
#include "surface_mesh.hpp"

#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <vtkNew.h>
#include <vtkSTLReader.h>
#include <vtkXMLPolyDataReader.h>

#include <filesystem>

#include "ves/core/error.hpp"

namespace ves::viz {
namespace {

namespace fs = std::filesystem;

/// A box of voxels x 3..7, y 2..5, z 1..3 (inclusive) in a 12 x 10 x 6 grid.
Volume box_mask(const Geometry& g) {
  at::Tensor m = at::zeros({1, 6, 10, 12}, at::kByte);
  m[0].narrow(0, 1, 3).narrow(1, 2, 4).narrow(2, 3, 5).fill_(1);
  return Volume{m, g};
}

/// Bounds (xmin, xmax, ymin, ymax, zmin, zmax) of the physical points of the box's outer faces:
/// voxel centres 3..7 etc. widened by half a voxel.
std::array<double, 6> expected_bounds(const Geometry& g) {
  std::array<double, 6> b{1e9, -1e9, 1e9, -1e9, 1e9, -1e9};
  for (double x : {2.5, 7.5})
    for (double y : {1.5, 5.5})
      for (double z : {0.5, 3.5}) {
        const auto p = g.index_to_physical({x, y, z});
        for (int a = 0; a < 3; ++a) {
          b[2 * a] = std::min(b[2 * a], p[a]);
          b[2 * a + 1] = std::max(b[2 * a + 1], p[a]);
        }
      }
  return b;
}

void expect_bounds_within_a_voxel(vtkPolyData* mesh, const Geometry& g) {
  double bounds[6];
  mesh->GetBounds(bounds);
  const auto expected = expected_bounds(g);
  const double voxel = std::max({g.spacing[0], g.spacing[1], g.spacing[2]});
  for (int i = 0; i < 6; ++i) EXPECT_NEAR(bounds[i], expected[i], voxel) << "bound " << i;
}

TEST(MaskSurface, LiesAtTheMasksPhysicalBoundsOnAnAnisotropicShiftedGrid) {
  Geometry g;
  g.spacing = {0.8, 1.2, 2.5};
  g.origin = {10.0, -20.0, 5.0};
  for (const char* method : {"flying_edges", "marching_cubes"}) {
    MeshOptions options;
    options.method = method;
    const auto mesh = mask_surface(box_mask(g), options);
    ASSERT_GT(mesh->GetNumberOfPolys(), 0) << method;
    // Discrete contours cut halfway between voxel centres: exact, not just within a voxel.
    double bounds[6];
    mesh->GetBounds(bounds);
    const auto expected = expected_bounds(g);
    for (int i = 0; i < 6; ++i) EXPECT_NEAR(bounds[i], expected[i], 1e-6) << method << " " << i;
  }
}

TEST(MaskSurface, FollowsARotatedDirectionAndStaysNearTheMaskWhenSmoothed) {
  Geometry g;
  g.spacing = {1.0, 2.0, 3.0};
  g.origin = {-5.0, 7.0, 1.0};
  g.direction = {0, -1, 0, 1, 0, 0, 0, 0, 1};  // index x runs along physical y, index y along -x
  MeshOptions options;
  options.smoothing_iterations = 20;
  options.decimate = 0.5;
  const auto mesh = mask_surface(box_mask(g), options);
  ASSERT_GT(mesh->GetNumberOfPolys(), 0);
  expect_bounds_within_a_voxel(mesh, g);
}

TEST(MaskSurface, GivesNoPointsForAnEmptyMaskAndWritesFilesThatReadBack) {
  Geometry g;
  g.spacing = {1.0, 1.0, 2.0};
  EXPECT_EQ(mask_surface(Volume{at::zeros({1, 4, 4, 4}), g}, {})->GetNumberOfPoints(), 0);
  const auto mesh = mask_surface(box_mask(g), {});
  const fs::path dir = fs::temp_directory_path() / ("ves_mesh_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  write_mesh(mesh, dir / "box.vtp");
  write_mesh(mesh, dir / "box.stl");
  vtkNew<vtkXMLPolyDataReader> vtp;
  vtp->SetFileName((dir / "box.vtp").string().c_str());
  vtp->Update();
  EXPECT_EQ(vtp->GetOutput()->GetNumberOfPoints(), mesh->GetNumberOfPoints());
  expect_bounds_within_a_voxel(vtp->GetOutput(), g);
  vtkNew<vtkSTLReader> stl;
  stl->SetFileName((dir / "box.stl").string().c_str());
  stl->Update();
  EXPECT_EQ(stl->GetOutput()->GetNumberOfPolys(), mesh->GetNumberOfPolys());
  expect_bounds_within_a_voxel(stl->GetOutput(), g);
  EXPECT_THROW(write_mesh(mesh, dir / "box.obj"), DataError);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ves::viz
