#pragma once
// Helpers for io-itk tests: a temporary folder removed at the end, files written into it.
#include <ATen/ATen.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "ves/core/volume.hpp"

namespace ves::io_itk::test {

namespace fs = std::filesystem;

/// A fresh folder under the system temp folder, removed with everything in it on destruction.
class TempFolder {
 public:
  TempFolder()
      : path_(fs::temp_directory_path() /
              ("ves_io_itk_" + std::to_string(std::random_device()()))) {
    fs::create_directories(path_);
  }
  ~TempFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;

  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& relative) const { return path_ / relative; }

 private:
  fs::path path_;
};

/// Writes `bytes` to `path`, creating its folder.
inline void write_file(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// An .npy file (format 1.0) as numpy writes it: magic, padded header dict, raw data.
inline std::string npy_bytes(const std::string& dtype, const std::vector<int64_t>& shape,
                             bool fortran_order, const std::string& data) {
  std::string dims;
  for (int64_t n : shape) dims += std::to_string(n) + ", ";
  if (shape.size() > 1) dims.erase(dims.size() - 2);  // numpy writes (3,) but (3, 4)
  std::string header = "{'descr': '" + dtype +
                       "', 'fortran_order': " + (fortran_order ? "True" : "False") +
                       ", 'shape': (" + dims + "), }";
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string bytes = "\x93NUMPY";
  bytes += '\x01';
  bytes += '\x00';
  bytes += static_cast<char>(header.size() & 0xff);
  bytes += static_cast<char>((header.size() >> 8) & 0xff);
  return bytes + header + data;
}

/// The raw bytes of `values` as type T, byte-reversed when `big_endian` (host is little-endian).
template <class T>
std::string raw_bytes(const std::vector<double>& values, bool big_endian = false) {
  std::string bytes;
  for (double v : values) {
    const T value = static_cast<T>(v);
    char element[sizeof(T)];
    std::memcpy(element, &value, sizeof(T));
    if (big_endian) std::reverse(element, element + sizeof(T));
    bytes.append(element, sizeof(T));
  }
  return bytes;
}

/// [1, Z, Y, X] volume whose voxel (x, y, z) holds 100 x + 10 y + z.
inline Volume coded_volume(int64_t x_size, int64_t y_size, int64_t z_size, Geometry geometry = {}) {
  const at::Tensor z = at::arange(z_size, at::kFloat).view({z_size, 1, 1});
  const at::Tensor y = at::arange(y_size, at::kFloat).view({1, y_size, 1});
  const at::Tensor x = at::arange(x_size, at::kFloat).view({1, 1, x_size});
  return Volume{(100 * x + 10 * y + z).unsqueeze(0).contiguous(), geometry};
}

}  // namespace ves::io_itk::test
