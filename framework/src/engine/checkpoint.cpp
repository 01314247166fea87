// Checkpoint archives: {format, model (Module::save), tensor_names, optimizer, state}. Loading
// checks every name and shape before copying anything, so a failed load changes nothing.
#include "ves/engine/checkpoint.hpp"

#include <c10/util/Type.h>
#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>
#include <unistd.h>

#include <memory>
#include <set>
#include <typeinfo>

#include "ves/core/error.hpp"
#include "ves/core/log.hpp"
#include "ves/core/shape_text.hpp"

namespace ves {

namespace fs = std::filesystem;
using torch::serialize::InputArchive;
using torch::serialize::OutputArchive;

namespace {

constexpr const char* kFormat = "vesalius-checkpoint-1";

// A libtorch error's first line, without the C++ backtrace.
std::string brief(const std::exception& e) {
  const auto* c10_error = dynamic_cast<const c10::Error*>(&e);
  std::string text = c10_error ? c10_error->what_without_backtrace() : e.what();
  return text.substr(0, text.find('\n'));
}

std::string not_a_checkpoint(const fs::path& file) {
  return file.string() + " is not a Vesalius checkpoint or is truncated";
}

struct NamedTensor {
  std::string name;
  at::Tensor tensor;
};

// Every defined parameter and buffer by its dotted name ("encoder.0.weight").
std::vector<NamedTensor> tensors_of(const torch::nn::Module& model) {
  std::vector<NamedTensor> out;
  for (const auto& p : model.named_parameters())
    if (p.value().defined()) out.push_back({p.key(), p.value()});
  for (const auto& b : model.named_buffers())
    if (b.value().defined()) out.push_back({b.key(), b.value()});
  return out;
}

c10::Device device_of(const torch::nn::Module& model) {
  const auto tensors = tensors_of(model);
  return tensors.empty() ? c10::Device(c10::kCPU) : tensors.front().tensor.device();
}

// The saved tensor `name` from Module::save's nested archives, or undefined when absent.
at::Tensor read_tensor(InputArchive& weights, const std::string& name) {
  InputArchive* current = &weights;
  std::unique_ptr<InputArchive> held;
  size_t begin = 0;
  for (size_t dot = name.find('.'); dot != std::string::npos; dot = name.find('.', begin)) {
    auto child = std::make_unique<InputArchive>();
    if (!current->try_read(name.substr(begin, dot - begin), *child)) return {};
    held = std::move(child);
    current = held.get();
    begin = dot + 1;
  }
  at::Tensor tensor;
  if (!current->try_read(name.substr(begin), tensor)) return {};
  return tensor;
}

// "torch::optim::AdamW", to refuse resuming one optimiser's state into another.
std::string type_of(const torch::optim::Optimizer& optimizer) {
  return c10::demangle(typeid(optimizer).name());
}

InputArchive open_archive(const fs::path& file, const c10::Device& device) {
  if (!fs::is_regular_file(file))
    throw DataError("checkpoint " + file.string() + " does not exist");
  InputArchive archive;
  try {
    archive.load_from(file.string(), device);
  } catch (const std::exception&) {
    throw DataError(not_a_checkpoint(file));
  }
  c10::IValue format;
  if (!archive.try_read("format", format) || !format.isString() || format.toStringRef() != kFormat)
    throw DataError(not_a_checkpoint(file));
  return archive;
}

// Copies the checkpoint's tensors into `model` after checking all of them. `fix` ends a
// strict mismatch message; tensors skipped when not strict are returned.
std::vector<std::string> copy_weights(InputArchive& archive, const fs::path& file,
                                      torch::nn::Module& model, bool strict,
                                      const std::string& fix) {
  InputArchive weights;
  c10::IValue names;
  if (!archive.try_read("model", weights) || !archive.try_read("tensor_names", names) ||
      !names.isList())
    throw DataError(not_a_checkpoint(file));
  std::set<std::string> saved;
  for (const c10::IValue& name : names.toListRef()) saved.insert(name.toStringRef());

  std::vector<std::string> skipped;
  std::vector<std::pair<at::Tensor, at::Tensor>> copies;  // (model tensor, saved tensor)
  auto mismatch = [&](const std::string& name, const std::string& problem) {
    if (strict) throw DataError(file.string() + ": " + problem + "; " + fix);
    log().warn("{}: {}; '{}' is left as initialised", file.string(), problem, name);
    skipped.push_back(name);
  };
  std::set<std::string> in_model;
  for (const auto& [name, target] : tensors_of(model)) {
    in_model.insert(name);
    const at::Tensor source = saved.count(name) ? read_tensor(weights, name) : at::Tensor();
    if (!source.defined()) {
      mismatch(name, "the model's tensor '" + name + "' is not in the checkpoint");
    } else if (source.sizes() != target.sizes()) {
      mismatch(name, "tensor '" + name + "' has shape " + shape_text(source) +
                         " in the checkpoint but " + shape_text(target) + " in the model");
    } else {
      copies.emplace_back(target, source);
    }
  }
  for (const std::string& name : saved)
    if (!in_model.count(name))
      mismatch(name, "the checkpoint's tensor '" + name + "' is not in the model");

  torch::NoGradGuard no_grad;
  for (auto& [target, source] : copies) target.copy_(source);
  return skipped;
}

}  // namespace

void save_checkpoint(const fs::path& file, const torch::nn::Module& model,
                     const torch::optim::Optimizer* optimizer, const std::string& state_json) {
  fs::path temp = file;
  temp += ".tmp-" + std::to_string(::getpid());
  try {
    OutputArchive archive;
    archive.write("format", c10::IValue(std::string(kFormat)));
    OutputArchive weights(archive.compilation_unit());
    model.save(weights);
    archive.write("model", weights);
    c10::List<std::string> names;
    for (const auto& t : tensors_of(model)) names.push_back(t.name);
    archive.write("tensor_names", c10::IValue(names));
    if (optimizer) {
      archive.write("optimizer_type", c10::IValue(type_of(*optimizer)));
      OutputArchive optimizer_state(archive.compilation_unit());
      optimizer->save(optimizer_state);
      archive.write("optimizer", optimizer_state);
    }
    archive.write("state", c10::IValue(state_json));
    if (file.has_parent_path()) fs::create_directories(file.parent_path());
    archive.save_to(temp.string());
    fs::rename(temp, file);
  } catch (const std::exception& e) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    throw Error("cannot write checkpoint " + file.string() + ": " + brief(e) +
                " (is the disk full or read-only?)");
  }
}

std::string load_checkpoint(const fs::path& file, torch::nn::Module& model,
                            torch::optim::Optimizer* optimizer) {
  InputArchive archive = open_archive(file, device_of(model));
  copy_weights(archive, file, model, /*strict=*/true,
               "resuming needs the model configuration the checkpoint was trained with");
  if (optimizer) {
    InputArchive optimizer_state;
    if (!archive.try_read("optimizer", optimizer_state))
      throw DataError(file.string() +
                      " holds no optimiser state, so training cannot resume from it; use "
                      "init_from to start from its weights");
    // libtorch would load Adam moments into SGD without a word: compare the types first.
    c10::IValue saved_type;
    if (archive.try_read("optimizer_type", saved_type) && saved_type.isString() &&
        saved_type.toStringRef() != type_of(*optimizer))
      throw DataError(file.string() + " was saved with optimiser " + saved_type.toStringRef() +
                      " but this run uses " + type_of(*optimizer) +
                      "; resume with the same optimizer type, or use init_from for the weights");
    try {
      optimizer->load(optimizer_state);
    } catch (const std::exception& e) {
      throw DataError(file.string() + ": its optimiser state does not fit this optimiser (" +
                      brief(e) + "); resume with the optimizer type and model it was saved with");
    }
  }
  c10::IValue state;
  if (!archive.try_read("state", state) || !state.isString())
    throw DataError(not_a_checkpoint(file));
  return state.toStringRef();
}

std::vector<std::string> load_weights(const fs::path& file, torch::nn::Module& model, bool strict) {
  InputArchive archive = open_archive(file, device_of(model));
  return copy_weights(archive, file, model, strict,
                      "init_from needs the same architecture (set the train stage's "
                      "init_strict: false to skip tensors that differ)");
}

}  // namespace ves
