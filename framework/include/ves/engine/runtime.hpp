#pragma once
// Process-wide settings applied at start-up: threads, device, logging to the run's file.
#include <c10/core/Device.h>
#include <filesystem>
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

}  // namespace ves
