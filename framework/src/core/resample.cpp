// ResampleImageFilter per channel; the interpolator is the only thing that varies.
#include "ves/core/resample.hpp"

#include <ATen/ATen.h>
#include <itkBSplineInterpolateImageFunction.h>
#include <itkLinearInterpolateImageFunction.h>
#include <itkNearestNeighborExtrapolateImageFunction.h>
#include <itkNearestNeighborInterpolateImageFunction.h>
#include <itkResampleImageFilter.h>

#include <cmath>

#include "ves/core/error.hpp"
#include "ves/core/itk_bridge.hpp"

namespace ves {
namespace {

using Image = ItkImage3f;
using Interpolator = itk::InterpolateImageFunction<Image, double>;

Interpolator::Pointer make_interpolator(Interpolation interpolation) {
  switch (interpolation) {
    case Interpolation::Nearest:
      return itk::NearestNeighborInterpolateImageFunction<Image, double>::New().GetPointer();
    case Interpolation::Linear:
      return itk::LinearInterpolateImageFunction<Image, double>::New().GetPointer();
    case Interpolation::BSpline:
      break;
  }
  auto bspline = itk::BSplineInterpolateImageFunction<Image, double, double>::New();
  bspline->SetSplineOrder(3);
  return bspline.GetPointer();
}

Image::Pointer resample_channel(const Image::Pointer& input, const Grid& grid,
                                Interpolation interpolation, bool zero_outside) {
  auto filter = itk::ResampleImageFilter<Image, Image, double>::New();
  filter->SetInput(input);
  filter->SetInterpolator(make_interpolator(interpolation));
  if (!zero_outside)
    filter->SetExtrapolator(itk::NearestNeighborExtrapolateImageFunction<Image, double>::New());
  Image::SizeType size;
  for (unsigned a = 0; a < 3; ++a) size[a] = static_cast<itk::SizeValueType>(grid.size[a]);
  filter->SetSize(size);
  auto reference = Image::New();
  reference->SetRegions(Image::RegionType(size));
  apply_geometry(grid.geometry, *reference);
  filter->SetOutputSpacing(reference->GetSpacing());
  filter->SetOutputOrigin(reference->GetOrigin());
  filter->SetOutputDirection(reference->GetDirection());
  filter->SetDefaultPixelValue(0.0f);
  filter->Update();
  return filter->GetOutput();
}

}  // namespace

Interpolation parse_interpolation(const std::string& name) {
  if (name == "nearest") return Interpolation::Nearest;
  if (name == "linear") return Interpolation::Linear;
  if (name == "bspline") return Interpolation::BSpline;
  throw Error("unknown interpolation '" + name + "': expected nearest, linear or bspline");
}

Grid grid_with_spacing(const Volume& volume, const std::array<double, 3>& spacing) {
  Grid grid{volume.geometry, volume.size_xyz()};
  for (int a = 0; a < 3; ++a) {
    if (spacing[a] <= 0.0) continue;
    const double extent = static_cast<double>(grid.size[a]) * volume.geometry.spacing[a];
    grid.size[a] = std::max<int64_t>(1, std::llround(extent / spacing[a]));
    grid.geometry.spacing[a] = spacing[a];
  }
  return grid;
}

Grid grid_of(const Volume& volume) {
  return Grid{volume.geometry, volume.size_xyz()};
}

bool same_grid(const Grid& a, const Grid& b, double tolerance) {
  return a.size == b.size && a.geometry.approx_equal(b.geometry, tolerance);
}

Volume resample_onto(const Volume& volume, const Grid& grid, Interpolation interpolation,
                     bool zero_outside) {
  if (volume.spatial_dims() != 3) {
    throw DataError("resampling needs a 3-D volume, got " + volume.describe());
  }
  std::vector<at::Tensor> channels;
  for (int64_t c = 0; c < volume.channels(); ++c) {
    channels.push_back(volume_from_itk(resample_channel(itk_from_volume(volume, c), grid,
                                                        interpolation, zero_outside))
                           .data);
  }
  Volume out{at::cat(channels, 0), grid.geometry};
  if (interpolation == Interpolation::Nearest) out.data = out.data.to(volume.data.scalar_type());
  return out;
}

}  // namespace ves
