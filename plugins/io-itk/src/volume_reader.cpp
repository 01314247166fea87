// One image -> Volume: format dispatch, ITK reading by dimension, and the checks every image
// gets (dimension, voxel count, finite values), with ITK's exceptions turned into DataErrors.
#include "volume_reader.hpp"

#include <ATen/ATen.h>
#include <fmt/format.h>
#include <itkImageFileReader.h>

#include <cctype>
#include <new>

#include "dicom_series.hpp"
#include "itk_io.hpp"
#include "meta_image_check.hpp"
#include "nifti_file.hpp"
#include "ves/core/error.hpp"
#include "ves/core/itk_bridge.hpp"

namespace ves::io_itk {
namespace {
namespace fs = std::filesystem;

using ItkImage4f = itk::Image<float, 4>;

bool ends_with_npy(const fs::path& path) {
  std::string name = path.filename().string();
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name.size() > 4 && name.compare(name.size() - 4, 4, ".npy") == 0;
}

template <class Image>
typename Image::Pointer read_with(const itk::ImageIOBase::Pointer& io, const fs::path& path) {
  auto reader = itk::ImageFileReader<Image>::New();
  reader->SetImageIO(io);
  reader->SetFileName(path.string());
  reader->Update();
  return reader->GetOutput();
}

// A 4-D image's volumes as channels; the geometry is that of the first three axes.
Volume volume_from_4d(const ItkImage4f::Pointer& image) {
  const auto size = image->GetBufferedRegion().GetSize();
  const std::vector<int64_t> shape{static_cast<int64_t>(size[3]), static_cast<int64_t>(size[2]),
                                   static_cast<int64_t>(size[1]), static_cast<int64_t>(size[0])};
  Volume volume;
  volume.data = at::from_blob(image->GetBufferPointer(), shape, at::kFloat).clone();
  for (unsigned r = 0; r < 3; ++r) {
    volume.geometry.spacing[r] = image->GetSpacing()[r];
    volume.geometry.origin[r] = image->GetOrigin()[r];
    for (unsigned c = 0; c < 3; ++c) {
      volume.geometry.direction[r * 3 + c] = image->GetDirection()(r, c);
    }
  }
  return volume;
}

std::string size_text(const itk::ImageIOBase& io) {
  std::vector<itk::SizeValueType> sizes;
  for (unsigned d = 0; d < io.GetNumberOfDimensions(); ++d) sizes.push_back(io.GetDimensions(d));
  return fmt::format("{}", fmt::join(sizes, "x"));
}

}  // namespace

ImageFormat format_of(const fs::path& path) {
  if (fs::is_directory(path)) return ImageFormat::DicomFolder;
  if (ends_with_npy(path)) return ImageFormat::Npy;
  if (!matching_extension(path).empty()) return ImageFormat::Itk;
  if (fs::is_regular_file(path) && is_dicom_file(path)) return ImageFormat::DicomFile;
  return ImageFormat::Unknown;
}

VolumeReader::VolumeReader(ReadOptions options) : options_(std::move(options)) {}

Volume VolumeReader::read(const fs::path& path) const {
  if (!fs::exists(path)) {
    throw DataError(fmt::format("cannot read {}: no such file or folder", path.string()));
  }
  Volume volume;
  try {
    volume = read_any(path);
  } catch (const DataError&) {
    throw;
  } catch (const itk::ExceptionObject& e) {
    throw DataError(fmt::format("cannot read {}: {}", path.string(), one_line(e.GetDescription())));
  } catch (const std::bad_alloc&) {
    throw DataError(fmt::format("cannot read {}: not enough memory for the image", path.string()));
  } catch (const std::exception& e) {
    throw DataError(fmt::format("cannot read {}: {}", path.string(), one_line(e.what())));
  }
  if (volume.data.numel() == 0) {
    throw DataError(fmt::format("cannot read {}: the image has no voxels", path.string()));
  }
  const int64_t non_finite = volume.data.numel() - at::isfinite(volume.data).sum().item<int64_t>();
  if (non_finite > 0) {
    throw DataError(fmt::format("{}: {} of {} voxels are NaN or infinite", path.string(),
                                non_finite, volume.data.numel()));
  }
  return volume;
}

Volume VolumeReader::read_any(const fs::path& path) const {
  switch (format_of(path)) {
    case ImageFormat::Itk:
      return read_itk(path, matching_extension(path));
    case ImageFormat::Npy:
      return volume_from_npy(read_npy(path), options_.npy_axes, options_.npy_geometry, path);
    case ImageFormat::DicomFolder:
      return volume_from_itk(read_dicom_series(choose_dicom_series(path, options_.series)));
    case ImageFormat::DicomFile:
      return volume_from_itk(read_dicom_file(path));
    case ImageFormat::Unknown:
      break;
  }
  throw DataError(fmt::format(
      "cannot read {}: unknown image format; io-itk reads {}, .npy, DICOM files and DICOM "
      "series folders",
      path.string(), fmt::join(known_extensions(), ", ")));
}

Volume VolumeReader::read_nifti(const fs::path& path) const {
  const NiftiHeader header = read_nifti_header(path);
  const int64_t times = header.dim[0] >= 4 ? header.dim[4] : 1;
  const bool higher = header.dim[0] > 5 && header.dim[6] * header.dim[7] > 1;
  if (higher || (times > 1 && !options_.time_as_channels)) {
    throw DataError(fmt::format(
        "cannot read {}: it is a {}-D image ({}), not 3-D; {}", path.string(), header.dim[0],
        header.size_text(),
        higher ? "extract one 3-D volume first"
               : "set time_as_channels: true to read its volumes as channels, or extract one "
                 "volume"));
  }
  Volume volume;
  volume.data = read_nifti_voxels(path, header);
  try {
    volume.geometry = nifti_geometry(header);
  } catch (const DataError& e) {
    throw DataError(fmt::format("cannot read {}: {}", path.string(), e.what()));
  }
  return volume;
}

Volume VolumeReader::read_itk(const fs::path& path, const std::string& extension) const {
  if (extension == ".nii" || extension == ".nii.gz") return read_nifti(path);
  itk::ImageIOBase::Pointer io = image_io_for(extension);
  io->SetFileName(path.string());
  io->ReadImageInformation();
  if (extension == ".mha" || extension == ".mhd") {
    check_meta_image_data(path, static_cast<uint64_t>(io->GetImageSizeInBytes()));
  }
  const unsigned dims = io->GetNumberOfDimensions();
  const unsigned components = io->GetNumberOfComponents();
  itk::SizeValueType volumes = 1;
  for (unsigned d = 3; d < dims; ++d) volumes *= io->GetDimensions(d);
  if (volumes > 1) {
    if (!options_.time_as_channels || dims > 4 || components > 1) {
      throw DataError(fmt::format(
          "cannot read {}: it is a {}-D image ({}{}), not 3-D; {}", path.string(), dims,
          size_text(*io), components > 1 ? fmt::format(", {} components", components) : "",
          dims == 4 && components == 1 ? "set time_as_channels: true to read its volumes as "
                                         "channels, or extract one volume"
                                       : "extract one 3-D volume first"));
    }
    return volume_from_4d(read_with<ItkImage4f>(io, path));
  }
  if (components > 1) return volume_from_itk(read_with<ItkVectorImage3f>(io, path));
  return volume_from_itk(read_with<ItkImage3f>(io, path));
}

}  // namespace ves::io_itk
