// Reading torchvision weight files (pickled state dicts or TorchScript) into the encoder.
#include "pretrained_weights.hpp"

#include <fmt/format.h>
#include <torch/csrc/jit/serialization/import.h>
#include <torch/csrc/jit/serialization/pickle.h>

#include <fstream>
#include <iterator>

#include "ves/core/error.hpp"
#include "ves/core/shape_text.hpp"

namespace ves_multitask {

namespace fs = std::filesystem;

namespace {

std::map<std::string, at::Tensor> from_torchscript(const fs::path& file) {
  const torch::jit::Module module = torch::jit::load(file.string(), at::kCPU);
  std::map<std::string, at::Tensor> out;
  for (const auto& p : module.named_parameters(/*recurse=*/true)) out[p.name] = p.value;
  for (const auto& b : module.named_buffers(/*recurse=*/true)) out[b.name] = b.value;
  return out;
}

std::map<std::string, at::Tensor> from_pickle(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());
  const c10::IValue value = torch::jit::pickle_load(bytes);
  if (!value.isGenericDict())
    throw ves::DataError(
        fmt::format("{} holds a {}, not a dict of tensors; save the weights with "
                    "torch.save(model.state_dict(), file) or torch.jit.script(model).save(file)",
                    file.string(), value.tagKind()));
  std::map<std::string, at::Tensor> out;
  for (const auto& entry : value.toGenericDict())
    if (entry.key().isString() && entry.value().isTensor())
      out[entry.key().toStringRef()] = entry.value().toTensor();
  return out;
}

std::string without_prefix(std::string name) {
  for (const char* prefix : {"module.", "encoder.", "backbone."})
    if (name.rfind(prefix, 0) == 0) name = name.substr(std::string(prefix).size());
  return name;
}

// A 3-channel first convolution [O, 3, k, k] for `channels` input channels (as timm adapts it).
at::Tensor adapt_first_conv(const at::Tensor& weight, int64_t channels) {
  if (channels == 1) return weight.sum(1, /*keepdim=*/true);
  const int64_t repeats = (channels + weight.size(1) - 1) / weight.size(1);
  return weight.repeat({1, repeats, 1, 1}).narrow(1, 0, channels) *
         (static_cast<double>(weight.size(1)) / static_cast<double>(channels));
}

}  // namespace

std::map<std::string, at::Tensor> read_weight_file(const fs::path& file) {
  if (!fs::is_regular_file(file))
    throw ves::DataError(fmt::format("encoder weight file {} does not exist", file.string()));
  std::string script_error;
  try {
    return from_torchscript(file);
  } catch (const c10::Error& e) {
    script_error = e.what_without_backtrace();
  }
  try {
    return from_pickle(file);
  } catch (const c10::Error& e) {
    throw ves::DataError(fmt::format(
        "{} is neither a TorchScript module nor a dict of tensors saved with torch.save ({}); "
        "libtorch cannot read the OrderedDict that state_dict() returns, so export "
        "torch.save(dict(model.state_dict()), file) or torch.jit.script(model).save(file)",
        file.string(), e.what_without_backtrace()));
  }
}

size_t load_encoder_weights(torch::nn::Module& encoder,
                            const std::map<std::string, at::Tensor>& weights,
                            const fs::path& file) {
  std::map<std::string, at::Tensor> by_name;
  for (const auto& [name, tensor] : weights) by_name[without_prefix(name)] = tensor;
  torch::NoGradGuard no_grad;
  size_t copied = 0;
  std::string first_conv;  // the input convolution, adapted to the encoder's input channels
  for (const auto& p : encoder.named_parameters(/*recurse=*/true))
    if (p.value().dim() == 4) {
      first_conv = p.key();
      break;
    }
  auto copy = [&](const std::string& name, at::Tensor& target) {
    const auto found = by_name.find(name);
    if (found == by_name.end())
      throw ves::DataError(fmt::format(
          "encoder weight file {} has no tensor '{}' (it has {} tensors); is it the same "
          "encoder type?",
          file.string(), name, by_name.size()));
    at::Tensor source = found->second;
    if (name == first_conv && source.dim() == 4 && source.size(1) != target.size(1))
      source = adapt_first_conv(source, target.size(1));
    if (source.sizes() != target.sizes())
      throw ves::DataError(
          fmt::format("encoder weight file {}: tensor '{}' has shape {}, the "
                      "encoder needs {}; is it the same encoder type?",
                      file.string(), name, ves::shape_text(source), ves::shape_text(target)));
    target.copy_(source.to(target.device(), target.scalar_type()));
    ++copied;
  };
  for (auto& p : encoder.named_parameters(/*recurse=*/true)) copy(p.key(), p.value());
  for (auto& b : encoder.named_buffers(/*recurse=*/true)) {
    if (b.key().find("num_batches_tracked") != std::string::npos && !by_name.count(b.key()))
      continue;
    copy(b.key(), b.value());
  }
  return copied;
}

}  // namespace ves_multitask
