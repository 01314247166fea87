#pragma once
// Affine resampling of [C, Z, Y, X] or [C, Y, X] tensors in one pass of at::grid_sampler, plus
// the exact shortcuts (flip, integer shift, crop/pad) it takes when no interpolation is needed.
#include <ATen/core/Tensor.h>

#include <array>
#include <vector>

namespace ves_augment {

/// Maps output voxels to input voxels: p_in = matrix * p_out + offset, with both points in
/// (x, y, z) voxel units measured from the middle of their grid (index (N - 1) / 2 is 0).
/// 2-D data uses the upper-left 2x2 block and offset x, y.
struct VoxelMap {
  std::array<double, 9> matrix{1, 0, 0, 0, 1, 0, 0, 0, 1};  ///< row-major 3x3
  std::array<double, 3> offset{0, 0, 0};                    ///< voxels, x, y, z
};

enum class Interpolation { Linear, Nearest };
enum class Padding { Zeros, Border, Reflection };

/// Resamples the volumes of one sample through one map, building the sampling grid once (it is
/// as large as three output channels). Not thread-safe: one per apply() call.
class Resampler {
 public:
  Resampler(const VoxelMap& map, at::IntArrayRef in_shape, at::IntArrayRef out_shape);
  /// `data` ([C, Z, Y, X] or [C, Y, X], spatial shape in_shape) on the output grid; see resample.
  at::Tensor operator()(const at::Tensor& data, Interpolation interpolation, Padding padding) const;

 private:
  VoxelMap map_;
  std::vector<int64_t> in_shape_, out_shape_;
  bool exact_ = false;
  mutable at::Tensor grid_;  // [slabs, rows per slab, ..., rank], built on first use
};

/// Samples `data` ([C, Z, Y, X] or [C, Y, X]) at map(p) for every voxel p of an output grid of
/// spatial shape `out_shape` (tensor order: {Z, Y, X} or {Y, X}). Outside the input, `padding`
/// decides (zeros, nearest edge voxel, or mirrored about the outer voxel faces). Integer and
/// bool data come back in their dtype (sampled as float; exact below 2^24). Flips and integer
/// shifts without interpolation are done exactly with at::flip and padding/cropping.
at::Tensor resample(const at::Tensor& data, const VoxelMap& map, at::IntArrayRef out_shape,
                    Interpolation interpolation, Padding padding);

/// The normalised sampling grid ([Z, Y, X, 3] or [Y, X, 2], x first, align_corners = false)
/// that at::grid_sampler needs for `map`, with `rows` rows along the first output axis (at least
/// out_shape[0]; extra rows continue the map) so the grid can be split into equal slabs.
at::Tensor sampling_grid(const VoxelMap& map, at::IntArrayRef in_shape, at::IntArrayRef out_shape,
                         int64_t rows, const at::TensorOptions& options);

/// True when map(p) = flip(p) + integer shift, i.e. resample() needs no interpolation.
bool is_exact_grid_map(const VoxelMap& map, at::IntArrayRef in_shape, at::IntArrayRef out_shape);

}  // namespace ves_augment
