#pragma once
// Checkpoints: model parameters and buffers, optionally the optimiser's state, and the
// trainer's state as JSON text, in one libtorch archive (.pt) written atomically.
#include <torch/nn/module.h>
#include <torch/optim/optimizer.h>

#include <filesystem>
#include <string>
#include <vector>

namespace ves {

/// Writes `model`, `optimizer` (may be null) and `state_json` to `file` through a temporary
/// file in the same folder and a rename, so `file` is always either the old or the new one.
void save_checkpoint(const std::filesystem::path& file, const torch::nn::Module& model,
                     const torch::optim::Optimizer* optimizer, const std::string& state_json);

/// True resume: restores every parameter and buffer of `model` (names and shapes must match),
/// the optimiser's state when `optimizer` is not null (moments land on the model's device; the
/// group learning rates are not restored: set them from the schedule), and returns the saved
/// state JSON. Throws DataError naming the file when it is missing, corrupt or does not fit.
std::string load_checkpoint(const std::filesystem::path& file, torch::nn::Module& model,
                            torch::optim::Optimizer* optimizer);

/// Weights only (`init_from`): copies the checkpoint's parameters and buffers into `model`.
/// strict: a name missing on either side or a shape mismatch is a DataError naming the first
/// such tensor. Not strict: those tensors are skipped with a warning and returned by name.
std::vector<std::string> load_weights(const std::filesystem::path& file, torch::nn::Module& model,
                                      bool strict = true);

}  // namespace ves
