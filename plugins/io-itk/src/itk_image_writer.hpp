#pragma once
// Writes Volumes as NIfTI, NRRD or MetaImage through ITK, keeping geometry exactly (NIfTI keeps
// it to float precision). No registry or configuration here: register.cpp adapts it.
#include <filesystem>
#include <string>
#include <vector>

#include "ves/core/volume.hpp"

namespace ves::io_itk {

/// Pixel type on disk. Auto: float32, except volumes whose values are all integers in 0..255
/// (masks, label maps), which are written as uint8.
enum class PixelType { Auto, Float32, UInt8, Int16, Int32 };

/// "auto", "float32", "uint8", "int16", "int32" -> PixelType; throws ves::Error otherwise.
PixelType parse_pixel_type(const std::string& name);

struct WriteOptions {
  bool compress = true;  ///< compress where the format allows (.nrrd, .nhdr, .mha, .mhd)
  PixelType pixel_type = PixelType::Auto;
};

class ItkImageWriter {
 public:
  explicit ItkImageWriter(WriteOptions options = {}) : options_(options) {}

  /// ".nii.gz", ".nii", ".nrrd", ".nhdr", ".mha", ".mhd".
  static const std::vector<std::string>& extensions();

  /// One channel -> scalar image, several -> vector image; [C, Y, X] is written with Z = 1.
  /// Integer pixel types get rounded values. Atomic: temporary file + rename (see
  /// atomic_file.hpp for .mhd/.nhdr). Throws DataError "cannot write PATH: reason".
  void write(const Volume& volume, const std::filesystem::path& path) const;

 private:
  WriteOptions options_;
};

}  // namespace ves::io_itk
