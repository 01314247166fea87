#pragma once
// The plugin a test binary belongs to, loaded from its built library as vhost loads it, and
// components made from YAML through its registry. For in-tree plugin tests (ves_add_plugin sets
// VES_TEST_PLUGIN_DIR and VES_PLUGIN_NAME).
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "ves/config/loader.hpp"
#include "ves/core/batch.hpp"
#include "ves/plugin/loader.hpp"
#include "ves/plugin/registry.hpp"

namespace ves_test {

class PluginUnderTest {
 public:
  PluginUnderTest() {
    const auto library = std::filesystem::path(VES_TEST_PLUGIN_DIR) /
                         ("libves-" + std::string(VES_PLUGIN_NAME) + ".so");
    const auto record = loader.load_library(library, registry);
    if (!record.loaded) ADD_FAILURE() << record.problem;
    context.registry = &registry;
  }

  /// Builds a component of kind T from YAML text such as "{type: patch, patch_size: [4, 4]}".
  template <class T>
  std::unique_ptr<T> make(const std::string& yaml, const std::string& owner = "test") const {
    return registry.create<T>(ves::config::parse_yaml(yaml, "test.yaml"), context, owner);
  }

  /// The message of the error that building the component throws, or "no error".
  template <class T>
  std::string error_of(const std::string& yaml) const {
    try {
      make<T>(yaml);
    } catch (const std::exception& e) {
      return e.what();
    }
    return "no error";
  }

  ves::Registry registry;
  ves::PluginLoader loader;
  ves::Context context;
};

/// A batch holding one named tensor, as a model's forward receives it.
inline ves::Batch batch_with(const std::string& name, at::Tensor tensor) {
  ves::Batch batch;
  batch.tensors[name] = std::move(tensor);
  return batch;
}

}  // namespace ves_test
