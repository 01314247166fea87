#pragma once
// The building blocks of the U-Net: a stage of two conv -> norm -> activation layers, and the
// decoder's x2 upsampling (transposed convolution, or trilinear upsampling + 1x1x1 convolution).
#include <torch/nn/module.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>

#include <cstdint>

namespace ves_unet3d {

enum class Norm { Instance, Group, Batch };
enum class Activation { ReLU, LeakyReLU };
enum class Upsampling { Transposed, Trilinear };

/// How every 3x3x3 convolution of a stage is followed: normalisation, activation, dropout.
struct BlockOptions {
  Norm norm = Norm::Instance;
  int64_t groups = 8;  ///< groups of GroupNorm; must divide the stage's channels
  Activation activation = Activation::LeakyReLU;
  double negative_slope = 0.01;  ///< of leaky ReLU
  double dropout = 0.0;          ///< Dropout3d after the stage's first convolution when > 0
};

/// Two (3x3x3 conv -> norm -> activation) layers; the first has stride `stride` (2 = strided
/// downsampling) and is followed by Dropout3d when options.dropout > 0.
class StageImpl : public torch::nn::Module {
 public:
  StageImpl(int64_t in_channels, int64_t out_channels, int64_t stride, const BlockOptions& options);
  at::Tensor forward(const at::Tensor& x);

 private:
  torch::nn::Sequential layers_;
};
TORCH_MODULE(Stage);

/// Doubles the spatial size and maps in_channels to out_channels.
class UpsampleImpl : public torch::nn::Module {
 public:
  UpsampleImpl(int64_t in_channels, int64_t out_channels, Upsampling kind);
  at::Tensor forward(const at::Tensor& x);

 private:
  Upsampling kind_;
  torch::nn::ConvTranspose3d transposed_{nullptr};
  torch::nn::Conv3d projection_{nullptr};  ///< 1x1x1 convolution after trilinear upsampling
};
TORCH_MODULE(Upsample);

/// Kaiming-normal (fan_in, leaky ReLU with slope `a`) weights and zero biases for every
/// convolution and transposed convolution among `module`'s submodules (not itself: this runs in
/// constructors, before the module is owned by a shared_ptr), as nnU-Net initialises.
void init_weights(torch::nn::Module& module, double a);

}  // namespace ves_unet3d
