#include "surface_mesh.hpp"

#include <ATen/ATen.h>
#include <vtkDiscreteFlyingEdges3D.h>
#include <vtkDiscreteMarchingCubes.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPoints.h>
#include <vtkQuadricDecimation.h>
#include <vtkSTLWriter.h>
#include <vtkWindowedSincPolyDataFilter.h>
#include <vtkXMLPolyDataWriter.h>

#include <cstring>
#include <random>
#include <system_error>

#include "ves/core/error.hpp"

namespace ves::viz {
namespace fs = std::filesystem;

vtkSmartPointer<vtkPolyData> mask_surface(const Volume& mask, const MeshOptions& options) {
  if (mask.data.dim() != 4) throw DataError("surfaces need a [C, Z, Y, X] mask");
  // One voxel of background all round closes surfaces that touch the grid's edge.
  const at::Tensor inside =
      at::constant_pad_nd(mask.data[0].ne(0).to(at::kByte).cpu(), {1, 1, 1, 1, 1, 1}, 0)
          .contiguous();
  vtkNew<vtkImageData> image;
  image->SetDimensions(static_cast<int>(inside.size(2)), static_cast<int>(inside.size(1)),
                       static_cast<int>(inside.size(0)));
  image->AllocateScalars(VTK_UNSIGNED_CHAR, 1);
  std::memcpy(image->GetScalarPointer(), inside.data_ptr<uint8_t>(),
              static_cast<size_t>(inside.numel()));

  vtkSmartPointer<vtkPolyData> surface;
  if (options.method == "marching_cubes") {
    vtkNew<vtkDiscreteMarchingCubes> contour;
    contour->SetInputData(image);
    contour->SetValue(0, 1);
    contour->ComputeNormalsOff();
    contour->Update();
    surface = contour->GetOutput();
  } else {
    vtkNew<vtkDiscreteFlyingEdges3D> contour;
    contour->SetInputData(image);
    contour->SetValue(0, 1);
    contour->ComputeNormalsOff();
    contour->Update();
    surface = contour->GetOutput();
  }
  if (surface->GetNumberOfPoints() > 0 && options.smoothing_iterations > 0) {
    vtkNew<vtkWindowedSincPolyDataFilter> smooth;
    smooth->SetInputData(surface);
    smooth->SetNumberOfIterations(options.smoothing_iterations);
    smooth->SetPassBand(0.1);
    smooth->NormalizeCoordinatesOn();
    smooth->BoundarySmoothingOff();
    smooth->Update();
    surface = smooth->GetOutput();
  }
  if (surface->GetNumberOfPoints() > 0 && options.decimate > 0.0) {
    vtkNew<vtkQuadricDecimation> decimate;
    decimate->SetInputData(surface);
    decimate->SetTargetReduction(options.decimate);
    decimate->Update();
    surface = decimate->GetOutput();
  }
  // Index space (shifted by the padding) -> physical space of the mask's grid.
  vtkPoints* points = surface->GetPoints();
  for (vtkIdType i = 0; points && i < points->GetNumberOfPoints(); ++i) {
    double p[3];
    points->GetPoint(i, p);
    const auto physical = mask.geometry.index_to_physical({p[0] - 1.0, p[1] - 1.0, p[2] - 1.0});
    points->SetPoint(i, physical[0], physical[1], physical[2]);
  }
  if (points) points->Modified();
  auto out = vtkSmartPointer<vtkPolyData>::New();
  out->ShallowCopy(surface);
  return out;
}

void write_mesh(vtkPolyData* mesh, const fs::path& path) {
  const std::string extension = path.extension().string();
  if (extension != ".vtp" && extension != ".stl")
    throw DataError("cannot write a mesh as " + path.string() + "; use .vtp or .stl");
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  std::random_device random;
  const fs::path partial = path.parent_path() / ("." + path.filename().string() + ".tmp" +
                                                 std::to_string(random()) + extension);
  int written = 0;
  if (extension == ".vtp") {
    vtkNew<vtkXMLPolyDataWriter> writer;
    writer->SetFileName(partial.string().c_str());
    writer->SetInputData(mesh);
    writer->SetDataModeToBinary();
    written = writer->Write();
  } else {
    vtkNew<vtkSTLWriter> writer;
    writer->SetFileName(partial.string().c_str());
    writer->SetInputData(mesh);
    writer->SetFileTypeToBinary();
    written = writer->Write();
  }
  if (!written || !fs::exists(partial)) {
    fs::remove(partial, ec);
    throw DataError("cannot write the mesh " + path.string() +
                    "; check that its folder is writable and the disk not full");
  }
  fs::rename(partial, path, ec);
  if (ec) {
    fs::remove(partial, ec);
    throw DataError("cannot write the mesh " + path.string() + ": " + ec.message());
  }
}

}  // namespace ves::viz
