#pragma once
// Logging: one spdlog logger for the framework and every plugin (console + the run's log file).
#include <spdlog/spdlog.h>

namespace ves {
/// The shared logger ("ves"); plugins call ves::log().info("...{}...", x).
spdlog::logger& log();
}  // namespace ves
