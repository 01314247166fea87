#pragma once
// MetaImage (.mha, .mhd) completeness: ITK 5.2's MetaImageIO prints "data not read completely"
// and returns a partly filled image instead of failing, so the data size is checked first.
#include <cstdint>
#include <filesystem>

namespace ves::io_itk {

/// Throws DataError naming the file when the data the header at `header_file` points to
/// (LOCAL data after the header, or one detached data file) is shorter than it announces:
/// `image_bytes` uncompressed, or CompressedDataSize when compressed. Layouts it cannot judge
/// (file lists, patterns, HeaderSize skips) pass unchecked.
void check_meta_image_data(const std::filesystem::path& header_file, uint64_t image_bytes);

}  // namespace ves::io_itk
