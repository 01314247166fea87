#pragma once
// Base of every component kind, and the context a component is built and run in.
#include <c10/core/Device.h>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

namespace ves {

class Registry;
namespace config {
class Node;
}

/// Base class of all components; lets the registry hold any kind behind one pointer.
class Component {
 public:
  virtual ~Component();
};

/// What a factory or a stage may use: the registry (to build nested components), the run
/// directory, device, seed, threads, and files produced by earlier stages.
struct Context {
  const Registry* registry = nullptr;
  std::filesystem::path run_dir;  ///< empty while validating
  c10::Device device{c10::kCPU};  ///< resolved from `device: auto|cpu|cuda`
  uint64_t seed = 0;              ///< the run's seed; derive streams with Rng::fork
  int threads = 1;                ///< intra-op threads in use
  bool validate_only = false;     ///< `vhost validate`: build, check, do no work
  /// A model built now gets its weights from a checkpoint next (inference): skip loading
  /// pretrained initial weights such as an ImageNet encoder.
  bool loads_checkpoint = false;
  /// Outputs published by earlier stages, by name ("train.checkpoint", "errormaps.dir").
  std::shared_ptr<std::map<std::string, std::filesystem::path>> artifacts =
      std::make_shared<std::map<std::string, std::filesystem::path>>();

  /// Builds a nested component from a map with "type:"; `owner` names it in messages.
  template <class T>
  std::unique_ptr<T> create(const config::Node& node, const std::string& owner) const;
};

}  // namespace ves
