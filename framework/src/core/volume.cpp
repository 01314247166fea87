// Volume helpers: sizes in ITK order and one-line summaries for logs and errors.
#include "ves/core/volume.hpp"

#include <fmt/format.h>

#include "ves/core/error.hpp"

namespace ves {
namespace {

// numpy-style names users know ("float32", not c10's "Float").
std::string dtype_name(at::ScalarType type) {
  switch (type) {
    case at::kFloat:
      return "float32";
    case at::kDouble:
      return "float64";
    case at::kHalf:
      return "float16";
    case at::kBFloat16:
      return "bfloat16";
    case at::kByte:
      return "uint8";
    case at::kChar:
      return "int8";
    case at::kShort:
      return "int16";
    case at::kInt:
      return "int32";
    case at::kLong:
      return "int64";
    case at::kBool:
      return "bool";
    default:
      return c10::toString(type);
  }
}

}  // namespace

std::array<int64_t, 3> Volume::size_xyz() const {
  if (!data.defined()) return {0, 0, 0};
  if (data.dim() == 4) return {data.size(3), data.size(2), data.size(1)};
  if (data.dim() == 3) return {data.size(2), data.size(1), 1};
  throw DataError(fmt::format("a volume must be shaped [C, Z, Y, X] or [C, Y, X], not {}",
                              fmt::join(data.sizes(), "x")));
}

std::string Volume::describe() const {
  if (!data.defined()) return "empty volume, " + geometry.describe();
  std::string text =
      fmt::format("{} {}", fmt::join(data.sizes(), "x"), dtype_name(data.scalar_type()));
  if (!data.device().is_cpu()) text += " on " + data.device().str();
  return text + ", " + geometry.describe();
}

}  // namespace ves
