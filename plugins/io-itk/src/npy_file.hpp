#pragma once
// NumPy .npy files (format versions 1-3): a small parser, since Debian packages no C++ reader.
#include <ATen/core/Tensor.h>

#include <filesystem>
#include <string>
#include <vector>

#include "ves/core/volume.hpp"

namespace ves::io_itk {

/// How the axes of a 3-D array (or the last three of a 4-D channels-first one) map to space.
enum class NpyAxes {
  Xyz,  ///< array[x, y, z], as nibabel's get_fdata() and MONAI give them (the default)
  Zyx,  ///< array[z, y, x], as SimpleITK's GetArrayFromImage gives them
};

/// "xyz" | "zyx" -> NpyAxes; throws ves::Error otherwise.
NpyAxes parse_npy_axes(const std::string& name);

/// The array of an .npy file, converted to float32 and laid out in C order with `shape`.
struct NpyArray {
  std::vector<int64_t> shape;
  std::string dtype;  ///< as in the header, e.g. "<f4", ">i2", "|u1"
  bool fortran_order = false;
  at::Tensor values;  ///< float32, C-contiguous, indexed like the numpy array
};

/// Reads bool, int8/16/32/64, uint8/16/32/64, float32/64 arrays of either byte order and either
/// memory order. Throws DataError naming the file for anything else or a truncated file.
NpyArray read_npy(const std::filesystem::path& path);

/// A 3-D array (one channel) or 4-D channels-first array as a Volume [C, Z, Y, X] with
/// `geometry` (an .npy file has none). Throws DataError naming the file for other ranks.
Volume volume_from_npy(const NpyArray& array, NpyAxes axes, const Geometry& geometry,
                       const std::filesystem::path& path);

}  // namespace ves::io_itk
