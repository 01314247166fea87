// Start-up settings: intra-op threads, device, log file.
#include "ves/engine/runtime.hpp"

#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <spdlog/sinks/basic_file_sink.h>

#include <algorithm>
#include <thread>

#include "ves/core/error.hpp"
#include "ves/core/log.hpp"

namespace ves {

int configure_threads(const std::string& threads) {
  int n = 0;
  if (threads == "auto") {
    n = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  } else {
    try {
      size_t used = 0;
      n = std::stoi(threads, &used);
      if (used != threads.size()) n = 0;
    } catch (const std::exception&) {
      n = 0;
    }
    if (n < 1) throw UsageError("threads: expected 'auto' or a number >= 1, got '" + threads + "'");
  }
  // Debian's libtorch 1.13 starts with half the cores; set it explicitly every time.
  at::set_num_threads(n);
  return at::get_num_threads();
}

c10::Device resolve_device(const std::string& device) {
  const bool cuda_available = at::hasCUDA();
  if (device == "auto") return cuda_available ? c10::Device(c10::kCUDA, 0) : c10::Device(c10::kCPU);
  c10::Device parsed(c10::kCPU);
  try {
    parsed = c10::Device(device);
  } catch (const std::exception&) {
    throw UsageError("device: expected auto, cpu or cuda[:N], got '" + device + "'");
  }
  if (parsed.is_cuda() && !cuda_available) {
    throw UsageError(
        "device: '" + device +
        "' was asked for but this libtorch has no usable CUDA; use device: auto or cpu");
  }
  return parsed;
}

void configure_logging(const std::filesystem::path& file, bool verbose) {
  // One file sink at a time: a second run in the same process (tests) replaces the first's.
  static std::shared_ptr<spdlog::sinks::sink> file_sink;
  auto& logger = log();
  logger.set_level(verbose ? spdlog::level::debug : spdlog::level::info);
  auto& sinks = logger.sinks();
  if (file_sink) {
    sinks.erase(std::remove(sinks.begin(), sinks.end(), file_sink), sinks.end());
    file_sink.reset();
  }
  if (file.empty()) return;
  file_sink =
      std::make_shared<spdlog::sinks::basic_file_sink_mt>(file.string(), /*truncate=*/false);
  file_sink->set_pattern("%Y-%m-%d %H:%M:%S.%e %l %v");
  sinks.push_back(file_sink);
  logger.flush_on(spdlog::level::info);
}

ScopedLogFile::ScopedLogFile(const std::filesystem::path& file) {
  auto sink =
      std::make_shared<spdlog::sinks::basic_file_sink_mt>(file.string(), /*truncate=*/false);
  sink->set_pattern("%Y-%m-%d %H:%M:%S.%e %l %v");
  log().sinks().push_back(sink);
  sink_ = sink;
}

ScopedLogFile::~ScopedLogFile() {
  auto& sinks = log().sinks();
  sinks.erase(std::remove_if(sinks.begin(), sinks.end(),
                             [&](const auto& s) { return s.get() == sink_.get(); }),
              sinks.end());
}

}  // namespace ves
