#pragma once
// Raw numeric elements (as stored in .npy and NIfTI files) converted to float32.
#include <cstddef>
#include <string>

namespace ves::io_itk {

enum class RawType { UInt8, Int8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64 };

/// Bytes per element.
size_t raw_size(RawType type);
/// "uint8", "float32", ... for messages.
std::string raw_name(RawType type);
/// Converts `count` elements at `bytes` to float, reversing each element's bytes when `swap`.
void raw_to_float(RawType type, const void* bytes, size_t count, bool swap, float* out);
/// True when this machine stores numbers little-endian.
bool little_endian_host();

}  // namespace ves::io_itk
