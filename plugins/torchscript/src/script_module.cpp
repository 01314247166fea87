#include "script_module.hpp"

#include <ATen/core/jit_type.h>
#include <torch/csrc/jit/serialization/import.h>

#include <algorithm>

#include "ves/core/error.hpp"

namespace ves_torchscript {
namespace {

std::string flat_name(std::string dotted) {
  std::replace(dotted.begin(), dotted.end(), '.', '_');
  return dotted;
}

// The first line of an exception's message, without libtorch's backtrace.
std::string reason(const std::exception& e) {
  const auto* c10_error = dynamic_cast<const c10::Error*>(&e);
  std::string text = c10_error ? c10_error->msg() : e.what();
  text = text.substr(0, text.find('\n'));
  return text;
}

at::Tensor tensor_element(const c10::IValue& value, const std::string& what,
                          const std::string& source) {
  if (!value.isTensor()) {
    throw ves::DataError("TorchScript model " + source + ": " + what + " is a " +
                         value.type()->str() + ", not a tensor");
  }
  return value.toTensor();
}

}  // namespace

torch::jit::Module load_script_module(const std::filesystem::path& file,
                                      const c10::Device& device) {
  const std::string hint =
      "; it must be a TorchScript file saved with torch.jit.save (of torch.jit.script or "
      "torch.jit.trace)";
  if (!std::filesystem::is_regular_file(file)) {
    throw ves::DataError("TorchScript model " + file.string() + " does not exist" + hint);
  }
  try {
    return torch::jit::load(file.string(), device);
  } catch (const std::exception& e) {
    throw ves::DataError("cannot load TorchScript model " + file.string() + " (" + reason(e) + ")" +
                         hint);
  }
}

ves::TensorMap name_outputs(const c10::IValue& result, const std::string& name,
                            const std::string& source) {
  ves::TensorMap outputs;
  const auto add_sequence = [&](c10::ArrayRef<c10::IValue> items) {
    for (size_t i = 0; i < items.size(); ++i) {
      const std::string key = i == 0 ? name : name + "_" + std::to_string(i);
      outputs[key] = tensor_element(items[i], "output " + std::to_string(i), source);
    }
  };
  if (result.isTensor()) {
    outputs[name] = result.toTensor();
  } else if (result.isTuple()) {
    add_sequence(result.toTupleRef().elements());
  } else if (result.isList()) {
    const auto list = result.toListRef();
    add_sequence(list);
  } else if (result.isGenericDict()) {
    for (const auto& entry : result.toGenericDict()) {
      if (!entry.key().isString()) {
        throw ves::DataError("TorchScript model " + source +
                             " returned a dict whose keys are not strings; return Dict[str, "
                             "Tensor] so the outputs can be named");
      }
      const std::string key = entry.key().toStringRef();
      outputs[key] = tensor_element(entry.value(), "output \"" + key + "\"", source);
    }
  } else {
    throw ves::DataError("TorchScript model " + source + " returned " + result.type()->str() +
                         "; its forward must return a tensor, a tuple of tensors or a "
                         "Dict[str, Tensor]");
  }
  return outputs;
}

ScriptModuleImpl::ScriptModuleImpl(torch::jit::Module module) : module_(std::move(module)) {
  for (const auto& p : module_.named_parameters(/*recurse=*/true)) {
    register_parameter(flat_name(p.name), p.value, p.value.requires_grad());
  }
  for (const auto& b : module_.named_buffers(/*recurse=*/true)) {
    register_buffer(flat_name(b.name), b.value);
  }
  torch::nn::Module::train(module_.is_training());
}

c10::IValue ScriptModuleImpl::forward(std::vector<c10::IValue> inputs) {
  return module_.forward(std::move(inputs));
}

void ScriptModuleImpl::train(bool on) {
  module_.train(on);
  torch::nn::Module::train(on);
}

// The scripted module moves its tensors in place (Tensor::set_data), and the registered
// parameters share those tensors, so one move updates both views.
void ScriptModuleImpl::to(torch::Device device, torch::Dtype dtype, bool non_blocking) {
  module_.to(device, dtype, non_blocking);
}

void ScriptModuleImpl::to(torch::Dtype dtype, bool non_blocking) {
  module_.to(dtype, non_blocking);
}

void ScriptModuleImpl::to(torch::Device device, bool non_blocking) {
  module_.to(device, non_blocking);
}

void ScriptModuleImpl::pretty_print(std::ostream& stream) const {
  const auto name = module_.type()->name();
  stream << "ScriptModule(" << (name ? name->qualifiedName() : std::string("?")) << ")";
}

}  // namespace ves_torchscript
