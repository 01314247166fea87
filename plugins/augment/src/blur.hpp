#pragma once
// Separable Gaussian smoothing of [C, Z, Y, X] or [C, Y, X] tensors, with scipy.ndimage's
// default boundary ("reflect": the edge voxel is repeated, d c b a | a b c d), which keeps the
// mean of every line, and so of the volume, unchanged.
#include <ATen/core/Tensor.h>

#include <array>
#include <vector>

namespace ves_augment {

/// Normalised 1-D Gaussian weights for offsets -r..r, r = int(truncate * sigma + 0.5) as in
/// scipy.ndimage.gaussian_filter1d. sigma 0 gives the single weight 1.
std::vector<double> gaussian_kernel(double sigma, double truncate);

/// Smooths `x` with a Gaussian of standard deviation sigma (voxels) per axis (x, y, z; 2-D data
/// uses x and y). `sigmas` holds one entry for all channels or one per channel. Consumes `x`
/// like the intensity ops (intensity.hpp): its memory is reused when the caller moves it in.
/// Returns x itself when every sigma is 0.
at::Tensor gaussian_blur(at::Tensor x, const std::vector<std::array<double, 3>>& sigmas,
                         double truncate = 3.0);

}  // namespace ves_augment
