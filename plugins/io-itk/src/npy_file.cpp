// .npy parsing: magic, version, a Python-literal header dict, then raw elements.
#include "npy_file.hpp"

#include <ATen/ATen.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <fstream>
#include <iterator>

#include "raw_values.hpp"
#include "ves/core/error.hpp"

namespace ves::io_itk {
namespace {

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& problem) {
  throw DataError(fmt::format("cannot read {}: {}", path.string(), problem));
}

// The value text after "'key':" in the header dict, up to the next top-level comma or brace.
std::string dict_value(const std::string& header, const std::string& key,
                       const std::filesystem::path& path) {
  size_t at = header.find("'" + key + "'");
  if (at == std::string::npos) at = header.find("\"" + key + "\"");
  if (at == std::string::npos) fail(path, fmt::format("the .npy header has no '{}'", key));
  at = header.find(':', at);
  if (at == std::string::npos)
    fail(path, fmt::format("the .npy header has no value for '{}'", key));
  ++at;
  while (at < header.size() && std::isspace(static_cast<unsigned char>(header[at]))) ++at;
  size_t end = at;
  if (end < header.size() && header[end] == '(') {
    end = header.find(')', end);
    if (end == std::string::npos) fail(path, "the .npy header's shape is not closed");
    return header.substr(at, end - at + 1);
  }
  if (end < header.size() && (header[end] == '\'' || header[end] == '"')) {
    end = header.find(header[at], at + 1);
    if (end == std::string::npos)
      fail(path, fmt::format("the .npy header's '{}' is not closed", key));
    return header.substr(at + 1, end - at - 1);
  }
  while (end < header.size() && header[end] != ',' && header[end] != '}') ++end;
  std::string value = header.substr(at, end - at);
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.pop_back();
  return value;
}

std::vector<int64_t> parse_shape(const std::string& text, const std::filesystem::path& path) {
  std::vector<int64_t> shape;
  std::string number;
  for (char c : text.substr(1)) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      number += c;
    } else if (c == ',' || c == ')') {
      if (!number.empty()) shape.push_back(std::stoll(number));
      number.clear();
    } else if (!std::isspace(static_cast<unsigned char>(c)) && c != 'L') {
      fail(path, fmt::format("the .npy shape {} is not a tuple of sizes", text));
    }
  }
  return shape;
}

// The element type of a numpy type code ("f4" -> Float32); false when unsupported.
bool raw_type_of(const std::string& code, RawType& type) {
  static const std::vector<std::pair<std::string, RawType>> known{
      {"b1", RawType::UInt8},   {"u1", RawType::UInt8},  {"i1", RawType::Int8},
      {"i2", RawType::Int16},   {"u2", RawType::UInt16}, {"i4", RawType::Int32},
      {"u4", RawType::UInt32},  {"i8", RawType::Int64},  {"u8", RawType::UInt64},
      {"f4", RawType::Float32}, {"f8", RawType::Float64}};
  for (const auto& [name, raw] : known) {
    if (name == code) {
      type = raw;
      return true;
    }
  }
  return false;
}

}  // namespace

NpyAxes parse_npy_axes(const std::string& name) {
  if (name == "xyz") return NpyAxes::Xyz;
  if (name == "zyx") return NpyAxes::Zyx;
  throw Error("unknown npy_axes '" + name + "'; use xyz (nibabel, MONAI) or zyx (SimpleITK)");
}

NpyArray read_npy(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    fail(path, std::filesystem::exists(path) ? "the file cannot be opened" : "no such file");
  }
  const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (content.size() < 10 || content.compare(0, 6, "\x93NUMPY") != 0) {
    fail(path, "not an .npy file (no \\x93NUMPY magic)");
  }
  const auto major = static_cast<unsigned char>(content[6]);
  size_t header_length = 0;
  size_t header_start = 0;
  if (major == 1) {
    header_length = static_cast<unsigned char>(content[8]) |
                    (static_cast<size_t>(static_cast<unsigned char>(content[9])) << 8);
    header_start = 10;
  } else if (major == 2 || major == 3) {
    if (content.size() < 12) fail(path, "the .npy header is truncated");
    for (int i = 3; i >= 0; --i) {
      header_length = (header_length << 8) | static_cast<unsigned char>(content[8 + i]);
    }
    header_start = 12;
  } else {
    fail(path, fmt::format(".npy format version {} is not supported (1, 2 or 3 are)", major));
  }
  if (content.size() < header_start + header_length) fail(path, "the .npy header is truncated");
  const std::string header = content.substr(header_start, header_length);

  NpyArray array;
  array.dtype = dict_value(header, "descr", path);
  const std::string order = dict_value(header, "fortran_order", path);
  if (order != "True" && order != "False") {
    fail(path, fmt::format("the .npy header's fortran_order is '{}', not True or False", order));
  }
  array.fortran_order = order == "True";
  array.shape = parse_shape(dict_value(header, "shape", path), path);

  if (array.dtype.size() < 3 || std::string("<>|=").find(array.dtype[0]) == std::string::npos) {
    fail(path, fmt::format("the .npy dtype '{}' is not a plain numeric type", array.dtype));
  }
  RawType type = RawType::Float32;
  if (!raw_type_of(array.dtype.substr(1), type)) {
    fail(path, fmt::format("the .npy dtype '{}' is not supported; use float32, float64, uint8, "
                           "int8, int16, uint16, int32, uint32, int64, uint64 or bool",
                           array.dtype));
  }
  const size_t size = raw_size(type);
  const bool big_endian = array.dtype[0] == '>' || (array.dtype[0] == '=' && !little_endian_host());
  const bool swap = big_endian == little_endian_host();

  int64_t count = 1;
  for (int64_t n : array.shape) count *= n;
  const size_t data_start = header_start + header_length;
  const size_t needed = static_cast<size_t>(count) * size;
  if (content.size() - data_start < needed) {
    fail(path, fmt::format("the file is truncated: shape ({}) of {} needs {} bytes of data, the "
                           "file has {}",
                           fmt::join(array.shape, ", "), array.dtype, needed,
                           content.size() - data_start));
  }
  // Fortran order is C order of the reversed shape; permute back to index like numpy.
  std::vector<int64_t> stored_shape = array.shape;
  if (array.fortran_order) std::reverse(stored_shape.begin(), stored_shape.end());
  at::Tensor values = at::empty(stored_shape, at::kFloat);
  raw_to_float(type, content.data() + data_start, static_cast<size_t>(count), swap,
               values.data_ptr<float>());
  if (array.fortran_order && values.dim() > 1) {
    std::vector<int64_t> reversed(static_cast<size_t>(values.dim()));
    for (int64_t i = 0; i < values.dim(); ++i)
      reversed[static_cast<size_t>(i)] = values.dim() - 1 - i;
    values = values.permute(reversed).contiguous();
  }
  array.values = values;
  return array;
}

Volume volume_from_npy(const NpyArray& array, NpyAxes axes, const Geometry& geometry,
                       const std::filesystem::path& path) {
  at::Tensor values = array.values;
  if (values.dim() == 3) {
    values = values.unsqueeze(0);
  } else if (values.dim() != 4) {
    throw DataError(fmt::format(
        "cannot read {}: the array has shape ({}); a volume needs 3 dimensions, or 4 with "
        "channels first",
        path.string(), fmt::join(array.shape, ", ")));
  }
  if (axes == NpyAxes::Xyz) values = values.permute({0, 3, 2, 1});
  return Volume{values.contiguous(), geometry};
}

}  // namespace ves::io_itk
