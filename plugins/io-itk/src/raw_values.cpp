// Element conversion shared by the .npy and NIfTI readers.
#include "raw_values.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace ves::io_itk {
namespace {

template <class T>
void convert(const char* bytes, size_t count, bool swap, float* out) {
  if (!swap || sizeof(T) == 1) {
    for (size_t i = 0; i < count; ++i) {
      T value;
      std::memcpy(&value, bytes + i * sizeof(T), sizeof(T));
      out[i] = static_cast<float>(value);
    }
    return;
  }
  for (size_t i = 0; i < count; ++i) {
    char element[sizeof(T)];
    std::reverse_copy(bytes + i * sizeof(T), bytes + (i + 1) * sizeof(T), element);
    T value;
    std::memcpy(&value, element, sizeof(T));
    out[i] = static_cast<float>(value);
  }
}

}  // namespace

size_t raw_size(RawType type) {
  switch (type) {
    case RawType::UInt8:
    case RawType::Int8:
      return 1;
    case RawType::Int16:
    case RawType::UInt16:
      return 2;
    case RawType::Int32:
    case RawType::UInt32:
    case RawType::Float32:
      return 4;
    default:
      return 8;
  }
}

std::string raw_name(RawType type) {
  switch (type) {
    case RawType::UInt8:
      return "uint8";
    case RawType::Int8:
      return "int8";
    case RawType::Int16:
      return "int16";
    case RawType::UInt16:
      return "uint16";
    case RawType::Int32:
      return "int32";
    case RawType::UInt32:
      return "uint32";
    case RawType::Int64:
      return "int64";
    case RawType::UInt64:
      return "uint64";
    case RawType::Float32:
      return "float32";
    default:
      return "float64";
  }
}

void raw_to_float(RawType type, const void* data, size_t count, bool swap, float* out) {
  const char* bytes = static_cast<const char*>(data);
  switch (type) {
    case RawType::UInt8:
      return convert<uint8_t>(bytes, count, swap, out);
    case RawType::Int8:
      return convert<int8_t>(bytes, count, swap, out);
    case RawType::Int16:
      return convert<int16_t>(bytes, count, swap, out);
    case RawType::UInt16:
      return convert<uint16_t>(bytes, count, swap, out);
    case RawType::Int32:
      return convert<int32_t>(bytes, count, swap, out);
    case RawType::UInt32:
      return convert<uint32_t>(bytes, count, swap, out);
    case RawType::Int64:
      return convert<int64_t>(bytes, count, swap, out);
    case RawType::UInt64:
      return convert<uint64_t>(bytes, count, swap, out);
    case RawType::Float32:
      return convert<float>(bytes, count, swap, out);
    case RawType::Float64:
      return convert<double>(bytes, count, swap, out);
  }
}

bool little_endian_host() {
  const uint16_t one = 1;
  unsigned char first = 0;
  std::memcpy(&first, &one, 1);
  return first == 1;
}

}  // namespace ves::io_itk
