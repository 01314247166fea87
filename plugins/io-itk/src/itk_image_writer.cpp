// Volume -> ITK image of the chosen pixel type -> file, via a temporary file.
#include "itk_image_writer.hpp"

#include <ATen/ATen.h>
#include <fmt/format.h>
#include <itkImage.h>
#include <itkImageFileWriter.h>
#include <itkVectorImage.h>

#include <cstring>
#include <limits>
#include <type_traits>

#include "atomic_file.hpp"
#include "itk_io.hpp"
#include "ves/core/error.hpp"
#include "ves/core/itk_bridge.hpp"

namespace ves::io_itk {
namespace {

template <class T>
constexpr at::ScalarType scalar_type_of();
template <>
constexpr at::ScalarType scalar_type_of<float>() {
  return at::kFloat;
}
template <>
constexpr at::ScalarType scalar_type_of<uint8_t>() {
  return at::kByte;
}
template <>
constexpr at::ScalarType scalar_type_of<int16_t>() {
  return at::kShort;
}
template <>
constexpr at::ScalarType scalar_type_of<int32_t>() {
  return at::kInt;
}

const char* name_of(PixelType type) {
  switch (type) {
    case PixelType::UInt8:
      return "uint8";
    case PixelType::Int16:
      return "int16";
    case PixelType::Int32:
      return "int32";
    default:
      return "float32";
  }
}

// Finite integers in 0..255 (a mask or label map) fit uint8 losslessly.
bool fits_uint8(const at::Tensor& values) {
  if (values.is_floating_point() && !at::equal(values, values.round())) return false;  // NaN too
  return values.min().item<double>() >= 0 && values.max().item<double>() <= 255;
}

PixelType resolve(PixelType requested, const at::Tensor& values) {
  if (requested != PixelType::Auto) return requested;
  return fits_uint8(values) ? PixelType::UInt8 : PixelType::Float32;
}

// Rounded values in T's range, or a reason why they are not representable.
template <class T>
at::Tensor convert(const at::Tensor& values, PixelType type) {
  if constexpr (std::is_floating_point_v<T>) {
    return values.to(at::kFloat).contiguous();
  } else {
    const at::Tensor rounded = values.is_floating_point() ? values.round() : values;
    if (rounded.is_floating_point() && !at::isfinite(rounded).all().item<bool>()) {
      throw DataError(
          fmt::format("the volume has NaN or infinite values, which {} cannot store; "
                      "use dtype: float32",
                      name_of(type)));
    }
    const double lo = rounded.min().item<double>();
    const double hi = rounded.max().item<double>();
    if (lo < std::numeric_limits<T>::min() || hi > std::numeric_limits<T>::max()) {
      throw DataError(fmt::format(
          "values span [{:g}, {:g}], outside the range of {} ({}..{}); "
          "use a wider dtype or float32",
          lo, hi, name_of(type), +std::numeric_limits<T>::min(), +std::numeric_limits<T>::max()));
    }
    return rounded.to(scalar_type_of<T>()).contiguous();
  }
}

template <class Image>
typename Image::Pointer allocate(const at::Tensor& zyx_c, const Geometry& geometry) {
  auto image = Image::New();
  typename Image::SizeType size;
  size[0] = static_cast<itk::SizeValueType>(zyx_c.size(2));
  size[1] = static_cast<itk::SizeValueType>(zyx_c.size(1));
  size[2] = static_cast<itk::SizeValueType>(zyx_c.size(0));
  image->SetRegions(typename Image::RegionType(size));
  apply_geometry(geometry, *image);
  return image;
}

template <class Image>
void write_image(const Image* image, const std::filesystem::path& path,
                 const std::string& extension, bool compress) {
  auto writer = itk::ImageFileWriter<Image>::New();
  writer->SetImageIO(image_io_for(extension));
  writer->SetFileName(path.string());
  writer->SetInput(image);
  writer->SetUseCompression(compress);
  writer->Update();
}

// values: [C, Z, Y, X] on the CPU, already of pixel type T.
template <class T>
void write_as(const at::Tensor& values, const Geometry& geometry, const std::filesystem::path& path,
              const std::string& extension, bool compress) {
  const int64_t channels = values.size(0);
  if (channels == 1) {
    const at::Tensor zyx = values[0].contiguous();
    auto image = allocate<itk::Image<T, 3>>(zyx, geometry);
    image->Allocate();
    std::memcpy(image->GetBufferPointer(), zyx.data_ptr<T>(), zyx.numel() * sizeof(T));
    write_image(image.GetPointer(), path, extension, compress);
  } else {
    const at::Tensor zyxc = values.permute({1, 2, 3, 0}).contiguous();  // ITK interleaves
    auto image = allocate<itk::VectorImage<T, 3>>(zyxc, geometry);
    image->SetNumberOfComponentsPerPixel(static_cast<unsigned>(channels));
    image->Allocate();
    std::memcpy(image->GetBufferPointer(), zyxc.data_ptr<T>(), zyxc.numel() * sizeof(T));
    write_image(image.GetPointer(), path, extension, compress);
  }
}

template <class T>
void convert_and_write(const at::Tensor& values, PixelType type, const Geometry& geometry,
                       const std::filesystem::path& path, const std::string& extension,
                       bool compress) {
  write_as<T>(convert<T>(values, type), geometry, path, extension, compress);
}

}  // namespace

PixelType parse_pixel_type(const std::string& name) {
  if (name == "auto") return PixelType::Auto;
  if (name == "float32") return PixelType::Float32;
  if (name == "uint8") return PixelType::UInt8;
  if (name == "int16") return PixelType::Int16;
  if (name == "int32") return PixelType::Int32;
  throw Error("unknown dtype '" + name +
              "' for the itk writer; use auto, float32, uint8, int16 "
              "or int32");
}

const std::vector<std::string>& ItkImageWriter::extensions() {
  return known_extensions();
}

void ItkImageWriter::write(const Volume& volume, const std::filesystem::path& path) const {
  const std::string extension = matching_extension(path);
  if (extension.empty()) {
    throw DataError(fmt::format("cannot write {}: unknown extension; the itk writer writes {}",
                                path.string(), fmt::join(extensions(), ", ")));
  }
  const at::Tensor& data = volume.data;
  if (!data.defined() || (data.dim() != 4 && data.dim() != 3) || data.numel() == 0) {
    throw DataError(fmt::format(
        "cannot write {}: expected a volume shaped [C, Z, Y, X] or "
        "[C, Y, X] with voxels, got {}",
        path.string(),
        data.defined() ? fmt::format("[{}]", fmt::join(data.sizes(), ", ")) : "no data"));
  }
  try {
    at::Tensor values = data.to(at::kCPU);
    if (values.dim() == 3) values = values.unsqueeze(1);  // a slice is a grid one voxel thick
    if (values.scalar_type() == at::kBool) values = values.to(at::kByte);
    const PixelType type = resolve(options_.pixel_type, values);
    write_atomically(path, extension, has_separate_data_file(extension),
                     [&](const std::filesystem::path& temporary) {
                       const bool zip = options_.compress;
                       switch (type) {
                         case PixelType::UInt8:
                           return convert_and_write<uint8_t>(values, type, volume.geometry,
                                                             temporary, extension, zip);
                         case PixelType::Int16:
                           return convert_and_write<int16_t>(values, type, volume.geometry,
                                                             temporary, extension, zip);
                         case PixelType::Int32:
                           return convert_and_write<int32_t>(values, type, volume.geometry,
                                                             temporary, extension, zip);
                         default:
                           return convert_and_write<float>(values, type, volume.geometry, temporary,
                                                           extension, zip);
                       }
                     });
  } catch (const itk::ExceptionObject& e) {
    throw DataError("cannot write " + path.string() + ": " + one_line(e.GetDescription()));
  } catch (const std::filesystem::filesystem_error& e) {
    throw DataError("cannot write " + path.string() + ": " + one_line(e.code().message()));
  } catch (const DataError& e) {
    throw DataError("cannot write " + path.string() + ": " + e.what());
  }
}

}  // namespace ves::io_itk
