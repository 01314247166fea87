#pragma once
// A plain 3-D U-Net (nnU-Net's "generic U-Net", ISLES'22 recipe C): `depth` downsamplings, two
// conv -> norm -> activation layers per resolution, skip connections by concatenation, and
// 1x1x1 convolution heads giving logits. Inputs of any spatial size are accepted: they are
// zero-padded at the end of each axis to a multiple of 2^depth and the outputs cropped back.
#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/pooling.h>

#include <string>
#include <vector>

#include "blocks.hpp"

namespace ves_unet3d {

enum class Downsampling { MaxPool, Strided };

/// Shape and layer choices of the network.
struct UNet3dOptions {
  int64_t in_channels = 1;
  int64_t out_channels = 1;    ///< logits per voxel: 1 for a sigmoid head, > 1 for softmax
  int64_t depth = 4;           ///< downsamplings; depth + 1 resolutions
  int64_t base_channels = 32;  ///< channels at full resolution, doubled per level
  int64_t max_channels = 512;  ///< cap of the doubling
  BlockOptions block;
  Downsampling down = Downsampling::MaxPool;
  Upsampling up = Upsampling::Transposed;
  bool deep_supervision = false;  ///< also give logits at 1/2, 1/4, ... resolution
};

/// Channels per resolution, full resolution first: min(base * 2^level, max), depth + 1 entries.
std::vector<int64_t> stage_channels(const UNet3dOptions& options);

/// Why group norm's `groups` does not fit the channels ("must divide ..."), or "" when it does
/// (or the norm is not group norm).
std::string groups_problem(const UNet3dOptions& options);

/// The problem with `options` as one sentence naming the option, or "" when they are valid
/// (e.g. groups that do not divide a stage's channels).
std::string check_options(const UNet3dOptions& options);

class UNet3dImpl : public torch::nn::Module {
 public:
  /// Builds and initialises the network (Kaiming normal convolutions, zero biases).
  /// Throws ves::Error with check_options' sentence when the options are invalid.
  explicit UNet3dImpl(const UNet3dOptions& options);

  /// Logits for x [B, in_channels, Z, Y, X]: element 0 is [B, out_channels, Z, Y, X]; with deep
  /// supervision, element k (1 <= k < depth) is the decoder's level-k logits, of size
  /// ceil(size / 2^k) per axis. Throws ves::DataError when x's shape does not fit.
  std::vector<at::Tensor> forward(const at::Tensor& x);

  /// Throws ves::DataError naming `what` unless x is [B, in_channels, Z, Y, X].
  void check_input(const at::Tensor& x, const std::string& what) const;

  const UNet3dOptions& options() const { return options_; }

 private:
  UNet3dOptions options_;
  torch::nn::ModuleList encoder_;   ///< depth + 1 stages, full resolution first
  torch::nn::ModuleList upsample_;  ///< level l + 1 -> l, for l = 0 .. depth - 1
  torch::nn::ModuleList decoder_;   ///< stage of level l, for l = 0 .. depth - 1
  torch::nn::ModuleList heads_;     ///< 1x1x1 logits of level 0 and the deep-supervision levels
  torch::nn::MaxPool3d pool_{nullptr};
};
TORCH_MODULE(UNet3d);

}  // namespace ves_unet3d
