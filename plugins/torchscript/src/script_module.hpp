#pragma once
// A TorchScript module (saved from Python with torch.jit.save) behind the torch::nn::Module
// interface the framework trains and checkpoints: its parameters and buffers are registered
// (sharing memory), and device/dtype moves and train/eval mode reach the scripted module.
#include <torch/csrc/jit/api/module.h>
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include <filesystem>
#include <string>

#include "ves/core/tensor_map.hpp"

namespace ves_torchscript {

/// Loads `file` onto `device`. Throws ves::DataError naming the file when it is missing or is
/// not a TorchScript archive.
torch::jit::Module load_script_module(const std::filesystem::path& file, const c10::Device& device);

/// Names a module's result: a tensor is `name`; a tuple or list of tensors is `name`,
/// `name_1`, `name_2`, ...; a dict of str to tensor keeps its keys. Anything else throws
/// ves::DataError naming `source` (the file).
ves::TensorMap name_outputs(const c10::IValue& result, const std::string& name,
                            const std::string& source);

class ScriptModuleImpl : public torch::nn::Module {
 public:
  /// Registers the scripted module's parameters and buffers under their dotted names with '.'
  /// replaced by '_' ("encoder.conv.weight" -> "encoder_conv_weight"). Takes the module's mode.
  explicit ScriptModuleImpl(torch::jit::Module module);

  /// Runs the scripted module's forward method.
  c10::IValue forward(std::vector<c10::IValue> inputs);

  void train(bool on = true) override;
  void to(torch::Device device, torch::Dtype dtype, bool non_blocking = false) override;
  void to(torch::Dtype dtype, bool non_blocking = false) override;
  void to(torch::Device device, bool non_blocking = false) override;
  void pretty_print(std::ostream& stream) const override;

  torch::jit::Module& script() { return module_; }

 private:
  torch::jit::Module module_;
};
TORCH_MODULE(ScriptModule);

}  // namespace ves_torchscript
