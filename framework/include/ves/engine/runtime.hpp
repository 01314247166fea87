#pragma once
// Process-wide settings applied at start-up: threads, device, logging to the run's file.
#include <c10/core/Device.h>
#include <filesystem>
#include <memory>
#include <string>

namespace ves {

/// Sets libtorch's intra-op threads: "auto" = all cores (Debian's libtorch defaults to half),
/// or a number >= 1. Returns the number in use. Throws UsageError on other text.
int configure_threads(const std::string& threads);
/// Resolves "auto" (CUDA when available, else CPU), "cpu" or "cuda[:N]". Throws UsageError
/// when CUDA is asked for and unavailable.
c10::Device resolve_device(const std::string& device);
/// Sends the shared logger to the console and also to `file` (appending); "" = console only.
void configure_logging(const std::filesystem::path& file, bool verbose);

/// While it lives, the shared logger also appends to `file` in log.txt's timestamped format
/// (e.g. a training fold's own log). Create and destroy it while no other thread logs.
class ScopedLogFile {
 public:
  explicit ScopedLogFile(const std::filesystem::path& file);
  ~ScopedLogFile();
  ScopedLogFile(const ScopedLogFile&) = delete;
  ScopedLogFile& operator=(const ScopedLogFile&) = delete;

 private:
  std::shared_ptr<void> sink_;  ///< the spdlog sink (kept opaque: no spdlog in this header)
};

}  // namespace ves
