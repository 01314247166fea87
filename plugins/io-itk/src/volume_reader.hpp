#pragma once
// Reads one medical image (file or DICOM folder) into a Volume, geometry exact. No registry or
// configuration here: the reader components in readers.cpp adapt it.
#include <filesystem>
#include <string>

#include "npy_file.hpp"
#include "ves/core/volume.hpp"

namespace ves::io_itk {

/// Options of VolumeReader; the defaults read any 3-D image.
struct ReadOptions {
  std::string series;             ///< DICOM SeriesInstanceUID when a folder holds several
  bool time_as_channels = false;  ///< a 4-D image's volumes become channels instead of an error
  NpyAxes npy_axes = NpyAxes::Xyz;
  Geometry npy_geometry;  ///< spacing and origin of .npy arrays, which carry none
};

/// What `path` is, judged by name and, for DICOM without extension, content.
enum class ImageFormat { Itk, Npy, DicomFolder, DicomFile, Unknown };
ImageFormat format_of(const std::filesystem::path& path);

/// Reads .nii/.nii.gz (NIfTI-1 and -2), .nrrd/.nhdr, .mha/.mhd, .npy, a DICOM series folder or
/// a single DICOM file into float32 [C, Z, Y, X] in ITK's LPS physical convention. Vector
/// images give one channel per component; 2-D images give Z = 1. Thread-safe.
class VolumeReader {
 public:
  explicit VolumeReader(ReadOptions options = {});

  /// Throws DataError "cannot read PATH: problem" for a missing, truncated or corrupt file, a
  /// 4-D image with several volumes (unless time_as_channels), an unknown format, and for
  /// NaN or infinite voxels (with their count).
  Volume read(const std::filesystem::path& path) const;

  const ReadOptions& options() const { return options_; }

 private:
  Volume read_any(const std::filesystem::path& path) const;
  Volume read_nifti(const std::filesystem::path& path) const;
  Volume read_itk(const std::filesystem::path& path, const std::string& extension) const;

  ReadOptions options_;
};

}  // namespace ves::io_itk
