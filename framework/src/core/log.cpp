// The process-wide "ves" logger. The run directory's file sink is added later by the engine.
#include "ves/core/log.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>

#include <memory>

namespace ves {

spdlog::logger& log() {
  // A function-local static is initialised once, thread-safely, on first use.
  static const std::shared_ptr<spdlog::logger> logger = [] {
    if (auto existing = spdlog::get("ves")) return existing;  // e.g. set up by an embedding app
    auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    auto made = std::make_shared<spdlog::logger>("ves", std::move(sink));
    made->set_pattern("[%H:%M:%S] %^%l%$ %v");
    made->flush_on(spdlog::level::warn);
    spdlog::register_logger(made);
    return made;
  }();
  return *logger;
}

}  // namespace ves
