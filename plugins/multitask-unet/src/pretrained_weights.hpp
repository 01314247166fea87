#pragma once
// Encoder weights from a file exported from torchvision: a state dict saved with torch.save, or
// a TorchScript module (torch.jit.script / trace); matched by parameter name.
#include <torch/nn/module.h>

#include <filesystem>
#include <map>
#include <string>

namespace ves_multitask {

/// Every named tensor of `file` (parameters and buffers). Throws ves::DataError naming the file
/// when it is neither a TorchScript archive nor a pickled dict of tensors.
std::map<std::string, at::Tensor> read_weight_file(const std::filesystem::path& file);

/// Copies `weights` into `encoder`'s parameters and buffers by name, ignoring a leading
/// "module.", "encoder." or "backbone." and tensors the encoder lacks (the ImageNet `fc` or
/// `classifier` head).
/// A first convolution trained on 3 channels is adapted to `encoder`'s input channels (summed
/// for 1, repeated and rescaled otherwise). Throws ves::DataError naming the first missing or
/// misshapen tensor. Returns the number of tensors copied.
size_t load_encoder_weights(torch::nn::Module& encoder,
                            const std::map<std::string, at::Tensor>& weights,
                            const std::filesystem::path& file);

}  // namespace ves_multitask
