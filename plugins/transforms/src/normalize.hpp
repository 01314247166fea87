#pragma once
// Per-channel intensity normalisation on a foreground mask (nnU-Net's recipe for MRI).
#include <ATen/core/Tensor.h>

#include <string>

namespace ves::transforms {

enum class NormalizeMode {
  ZScore,      ///< (x - mean) / std
  ClipZScore,  ///< clip to the [lower, upper] percentiles, then z-score
  MinMax,      ///< clip to the [lower, upper] percentiles, then scale to [0, 1]
};

/// "zscore", "clip_zscore" or "minmax"; throws Error otherwise.
NormalizeMode parse_normalize_mode(const std::string& name);

struct NormalizeOptions {
  NormalizeMode mode = NormalizeMode::ClipZScore;
  double lower = 0.5;   ///< percentile (0..100) clipped to
  double upper = 99.5;  ///< percentile (0..100) clipped to
  bool nonzero = true;  ///< statistics on voxels nonzero in any channel; others become 0
};

/// Normalises each channel of a [C, ...] tensor with statistics from the mask's voxels only
/// (all voxels when !nonzero), returning float32. Voxels outside the mask are set to 0; a channel
/// with an empty mask becomes all 0. A standard deviation below 1e-8 counts as 1e-8.
at::Tensor normalize_channels(const at::Tensor& data, const NormalizeOptions& options);

}  // namespace ves::transforms
