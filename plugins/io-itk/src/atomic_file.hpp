#pragma once
// Writing a file so readers only ever see the old file or the complete new one.
#include <filesystem>
#include <functional>
#include <string>

namespace ves::io_itk {

/// Calls `write` with a hidden temporary path next to `target` (".<stem>.tmp<random><ext>",
/// where `target` is "<stem><ext in any case>") and renames it onto `target` when `write`
/// returns; removes the temporary on any exception. With `separate_data_files` (.mhd, .nhdr)
/// `write` gets "<stem><ext>" inside a hidden temporary folder, and the data files are moved
/// beside `target` before the header, so a header never names a missing data file (the pair as
/// a whole is not replaced atomically). Creates the parent folder. Filesystem failures throw
/// std::filesystem::filesystem_error.
void write_atomically(const std::filesystem::path& target, const std::string& extension,
                      bool separate_data_files,
                      const std::function<void(const std::filesystem::path&)>& write);

}  // namespace ves::io_itk
