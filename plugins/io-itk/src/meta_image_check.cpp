// Reads the MetaImage header's "Key = Value" lines up to ElementDataFile, which ends it.
#include "meta_image_check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <string>

#include "text.hpp"
#include "ves/core/error.hpp"

namespace ves::io_itk {
namespace {
namespace fs = std::filesystem;

}  // namespace

void check_meta_image_data(const fs::path& header_file, uint64_t image_bytes) {
  std::ifstream in(header_file, std::ios::binary);
  std::map<std::string, std::string> fields;  // lower-case keys
  std::string line;
  while (std::getline(in, line)) {
    const size_t equals = line.find('=');
    if (equals == std::string::npos) continue;
    const std::string key = lower(trim(line.substr(0, equals)));
    fields[key] = trim(line.substr(equals + 1));
    if (key == "elementdatafile") break;
  }
  const auto data = fields.find("elementdatafile");
  if (data == fields.end() || fields.count("headersize")) return;
  const std::streamoff header_end = in.tellg();
  if (header_end < 0) return;

  const bool compressed = lower(fields["compresseddata"]) == "true";
  uint64_t expected = image_bytes;
  if (compressed) {
    const auto size = fields.find("compresseddatasize");
    if (size == fields.end()) return;
    try {
      expected = std::stoull(size->second);
    } catch (const std::exception&) {
      return;
    }
  }
  fs::path data_file;
  uint64_t available = 0;
  std::error_code error;
  if (data->second == "LOCAL") {
    data_file = header_file;
    const uintmax_t size = fs::file_size(header_file, error);
    if (error) return;
    available = size - static_cast<uint64_t>(header_end);
  } else {
    if (data->second.find_first_of(" %") != std::string::npos || data->second == "LIST") return;
    data_file = header_file.parent_path() / data->second;
    const uintmax_t size = fs::file_size(data_file, error);
    if (error) return;  // ITK names a missing data file itself
    available = size;
  }
  if (available < expected) {
    throw DataError(fmt::format(
        "cannot read {}: the file is truncated: its header announces {} bytes of {}voxel data, "
        "{} holds {}",
        header_file.string(), expected, compressed ? "compressed " : "",
        data_file == header_file ? "the file" : data_file.string(), available));
  }
}

}  // namespace ves::io_itk
