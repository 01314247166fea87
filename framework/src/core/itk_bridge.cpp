// ITK <-> Volume conversion. ITK stores x fastest, so an ITK image of size (X, Y, Z) is exactly a
// C-contiguous [Z, Y, X] array: scalar images are shared, not copied.
#include "ves/core/itk_bridge.hpp"

#include <ATen/ATen.h>
#include <fmt/format.h>

#include <cstring>

#include "ves/core/error.hpp"
#include "ves/core/shape_text.hpp"

namespace ves {
namespace {

void require_3d(const Volume& volume, const char* what) {
  if (!volume.data.defined() || volume.data.dim() != 4) {
    throw DataError(fmt::format("cannot convert a volume shaped {} to {}: expected [C, Z, Y, X]",
                                shape_text(volume.data), what));
  }
}

// Origin of the buffer's first voxel (the image origin unless the buffer is a sub-region).
template <class Image>
Geometry buffer_geometry(const Image& image) {
  Geometry geometry = geometry_of(image);
  const auto start = image.GetBufferedRegion().GetIndex();
  if (start[0] != 0 || start[1] != 0 || start[2] != 0) {
    typename Image::PointType point;
    image.TransformIndexToPhysicalPoint(start, point);
    for (int i = 0; i < 3; ++i) geometry.origin[i] = point[i];
  }
  return geometry;
}

template <class Image>
std::vector<int64_t> zyx_size(const Image& image) {
  const auto size = image.GetBufferedRegion().GetSize();
  return {static_cast<int64_t>(size[2]), static_cast<int64_t>(size[1]),
          static_cast<int64_t>(size[0])};
}

template <class Image>
typename Image::Pointer allocate_like(const Volume& volume) {
  auto image = Image::New();
  typename Image::SizeType size;
  size[0] = static_cast<itk::SizeValueType>(volume.data.size(3));
  size[1] = static_cast<itk::SizeValueType>(volume.data.size(2));
  size[2] = static_cast<itk::SizeValueType>(volume.data.size(1));
  image->SetRegions(typename Image::RegionType(size));
  apply_geometry(volume.geometry, *image);
  return image;
}

}  // namespace

Geometry geometry_of(const itk::ImageBase<3>& image) {
  Geometry geometry;
  const auto& spacing = image.GetSpacing();
  const auto& origin = image.GetOrigin();
  const auto& direction = image.GetDirection();
  for (unsigned r = 0; r < 3; ++r) {
    geometry.spacing[r] = spacing[r];
    geometry.origin[r] = origin[r];
    for (unsigned c = 0; c < 3; ++c) geometry.direction[r * 3 + c] = direction(r, c);
  }
  return geometry;
}

void apply_geometry(const Geometry& geometry, itk::ImageBase<3>& image) {
  itk::ImageBase<3>::SpacingType spacing;
  itk::ImageBase<3>::PointType origin;
  itk::ImageBase<3>::DirectionType direction;
  for (unsigned r = 0; r < 3; ++r) {
    spacing[r] = geometry.spacing[r];
    origin[r] = geometry.origin[r];
    for (unsigned c = 0; c < 3; ++c) direction(r, c) = geometry.direction[r * 3 + c];
  }
  image.SetSpacing(spacing);
  image.SetOrigin(origin);
  image.SetDirection(direction);
}

Volume volume_from_itk(const ItkImage3f::Pointer& image) {
  if (!image || !image->GetBufferPointer()) {
    throw DataError("cannot convert an ITK image without pixel data to a volume");
  }
  std::vector<int64_t> shape = zyx_size(*image);
  shape.insert(shape.begin(), 1);
  // The tensor owns a reference to the pixel buffer, released when its storage is freed; holding
  // the container (not just the image) keeps the data valid even if the image is re-allocated.
  ItkImage3f::PixelContainerPointer buffer = image->GetPixelContainer();
  Volume volume;
  volume.data = at::from_blob(
      image->GetBufferPointer(), shape, [buffer](void*) mutable { buffer = nullptr; },
      at::TensorOptions().dtype(at::kFloat));
  volume.geometry = buffer_geometry(*image);
  return volume;
}

Volume volume_from_itk(const ItkVectorImage3f::Pointer& image) {
  if (!image || !image->GetBufferPointer()) {
    throw DataError("cannot convert an ITK vector image without pixel data to a volume");
  }
  std::vector<int64_t> shape = zyx_size(*image);
  shape.push_back(static_cast<int64_t>(image->GetNumberOfComponentsPerPixel()));
  // ITK keeps components interleaved ([Z, Y, X, n]); go channel-first with one copy.
  const at::Tensor interleaved = at::from_blob(image->GetBufferPointer(), shape, at::kFloat);
  Volume volume;
  // clone, not contiguous(): with one component the permuted view already counts as contiguous
  // and would keep pointing into the image's buffer.
  volume.data = interleaved.permute({3, 0, 1, 2}).clone(at::MemoryFormat::Contiguous);
  volume.geometry = buffer_geometry(*image);
  return volume;
}

ItkImage3f::Pointer itk_from_volume(const Volume& volume, int64_t channel) {
  require_3d(volume, "an ITK image");
  if (channel < 0 || channel >= volume.channels()) {
    throw DataError(fmt::format("cannot take channel {} of a volume shaped {}", channel,
                                shape_text(volume.data)));
  }
  const at::Tensor values = volume.data.select(0, channel).to(at::kCPU, at::kFloat).contiguous();
  auto image = allocate_like<ItkImage3f>(volume);
  image->Allocate();
  std::memcpy(image->GetBufferPointer(), values.data_ptr<float>(),
              static_cast<size_t>(values.numel()) * sizeof(float));
  return image;
}

ItkVectorImage3f::Pointer itk_vector_from_volume(const Volume& volume) {
  require_3d(volume, "an ITK vector image");
  const at::Tensor values = volume.data.to(at::kCPU, at::kFloat).permute({1, 2, 3, 0}).contiguous();
  auto image = allocate_like<ItkVectorImage3f>(volume);
  image->SetNumberOfComponentsPerPixel(static_cast<unsigned>(volume.channels()));
  image->Allocate();
  std::memcpy(image->GetBufferPointer(), values.data_ptr<float>(),
              static_cast<size_t>(values.numel()) * sizeof(float));
  return image;
}

}  // namespace ves
