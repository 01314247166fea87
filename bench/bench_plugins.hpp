#pragma once
// The plugin libraries a benchmark needs, loaded from the build tree as a pipeline loads them,
// and components built from YAML through their registry.
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <stdexcept>
#include <string>

#include "ves/config/loader.hpp"
#include "ves/plugin/loader.hpp"

namespace ves_bench {

class Plugins {
 public:
  /// Loads libves-<name>.so of each name from VES_BENCH_PLUGIN_DIR; throws when one fails.
  explicit Plugins(std::initializer_list<const char*> names) {
    for (const char* name : names) {
      const auto record = loader_.load_library(
          std::filesystem::path(VES_BENCH_PLUGIN_DIR) / ("libves-" + std::string(name) + ".so"),
          registry_);
      if (!record.loaded) throw std::runtime_error(record.problem);
    }
    context_.registry = &registry_;
  }
  /// A component of kind T from YAML text such as "{type: unet3d}".
  template <class T>
  std::unique_ptr<T> make(const std::string& yaml, const std::string& owner) const {
    return registry_.create<T>(ves::config::parse_yaml(yaml, "bench.yaml"), context_, owner);
  }

 private:
  ves::Registry registry_;
  ves::PluginLoader loader_;
  ves::Context context_;
};

}  // namespace ves_bench
