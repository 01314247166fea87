// Temporary file + rename, so a crash never leaves a half-written image under the final name.
#include "atomic_file.hpp"

#include <fmt/format.h>

#include <random>
#include <vector>

namespace ves::io_itk {
namespace fs = std::filesystem;
namespace {

std::string random_suffix() {
  std::random_device device;
  const uint64_t bits = (static_cast<uint64_t>(device()) << 32) ^ device();
  return fmt::format("{:012x}", bits & 0xFFFFFFFFFFFFULL);
}

// Removes what it guards unless released; cleanup errors are ignored (the write error matters).
class TemporaryGuard {
 public:
  explicit TemporaryGuard(fs::path path) : path_(std::move(path)) {}
  TemporaryGuard(const TemporaryGuard&) = delete;
  TemporaryGuard& operator=(const TemporaryGuard&) = delete;
  ~TemporaryGuard() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }
  void release() { path_.clear(); }

 private:
  fs::path path_;
};

}  // namespace

void write_atomically(const fs::path& target, const std::string& extension,
                      bool separate_data_files, const std::function<void(const fs::path&)>& write) {
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  fs::create_directories(folder);
  const std::string name = target.filename().string();
  const std::string stem = name.substr(0, name.size() - extension.size());
  const std::string hidden = "." + stem + ".tmp" + random_suffix();

  if (!separate_data_files) {
    const fs::path temporary = folder / (hidden + extension);
    TemporaryGuard guard(temporary);
    write(temporary);
    fs::rename(temporary, target);
    guard.release();
    return;
  }

  const fs::path temporary_folder = folder / hidden;
  TemporaryGuard guard(temporary_folder);
  fs::create_directory(temporary_folder);
  const fs::path header = temporary_folder / (stem + extension);
  write(header);
  std::vector<fs::path> data_files;
  for (const auto& entry : fs::directory_iterator(temporary_folder)) {
    if (entry.path() != header) data_files.push_back(entry.path());
  }
  for (const fs::path& data : data_files) fs::rename(data, folder / data.filename());
  fs::rename(header, target);
}

}  // namespace ves::io_itk
