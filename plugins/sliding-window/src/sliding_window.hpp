#pragma once
// Sliding-window prediction of a whole case from windows of the patch size a model was
// trained on: overlapping windows, weighted (Gaussian or constant) and averaged.
#include <ATen/core/Tensor.h>

#include <functional>
#include <vector>

namespace ves::sliding_window {

enum class Weighting { Gaussian, Constant };

/// The geometry of a sliding-window pass, fixed at construction (the importance map is made
/// once there, so predict() is const and thread-safe).
class SlidingWindow {
 public:
  /// Probabilities [B, C', patch...] of a batch of windows [B, C, patch...].
  using WindowPredictor = std::function<at::Tensor(const at::Tensor& windows)>;

  /// `patch` in tensor order; `overlap` in [0, 1); `sigma_scale` is the Gaussian's sigma as a
  /// fraction of the patch size per axis; `batch_size` windows go through one forward pass.
  SlidingWindow(std::vector<int64_t> patch, double overlap, Weighting weighting, double sigma_scale,
                int64_t batch_size);

  /// The weighted average of `predict` over the windows covering `image` [C, spatial...]:
  /// the image is zero-padded at the end to at least the patch size, windows step by
  /// patch * (1 - overlap) with the last one at the end, and the padding is cropped from the
  /// result [C', spatial...] (on the image's device, float32). Throws DataError when the image
  /// has another number of spatial axes than the patch.
  at::Tensor predict(const at::Tensor& image, const WindowPredictor& predict) const;

  /// Corners of the windows predict() runs over an image of spatial `shape` (after padding).
  std::vector<std::vector<int64_t>> corners(const std::vector<int64_t>& shape) const;
  /// The window size, tensor order.
  const std::vector<int64_t>& patch() const { return patch_; }
  /// The weight of each voxel of a window, [patch...] float32 on the CPU.
  const at::Tensor& importance() const { return importance_; }

 private:
  std::vector<int64_t> patch_;
  double overlap_;
  int64_t batch_size_;
  at::Tensor importance_;
};

}  // namespace ves::sliding_window
