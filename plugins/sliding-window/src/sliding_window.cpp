// The sliding-window pass: pad, cut windows in batches, accumulate weighted predictions.
#include "sliding_window.hpp"

#include <ATen/ATen.h>

#include <algorithm>

#include "importance_map.hpp"
#include "ves/core/error.hpp"
#include "ves/core/window_grid.hpp"

namespace ves::sliding_window {
namespace {

// The view of `tensor` [lead..., spatial...] at `corner` of size `size` on its last axes.
at::Tensor window_of(const at::Tensor& tensor, const std::vector<int64_t>& corner,
                     const std::vector<int64_t>& size) {
  at::Tensor view = tensor;
  const int64_t first = tensor.dim() - static_cast<int64_t>(size.size());
  for (size_t axis = 0; axis < size.size(); ++axis) {
    view = view.narrow(first + static_cast<int64_t>(axis), corner[axis], size[axis]);
  }
  return view;
}

}  // namespace

SlidingWindow::SlidingWindow(std::vector<int64_t> patch, double overlap, Weighting weighting,
                             double sigma_scale, int64_t batch_size)
    : patch_(std::move(patch)),
      overlap_(overlap),
      batch_size_(batch_size),
      importance_(weighting == Weighting::Gaussian ? gaussian_importance(patch_, sigma_scale)
                                                   : constant_importance(patch_)) {}

std::vector<std::vector<int64_t>> SlidingWindow::corners(const std::vector<int64_t>& shape) const {
  std::vector<int64_t> padded(shape.size());
  for (size_t axis = 0; axis < shape.size(); ++axis) {
    padded[axis] = std::max(shape[axis], patch_[axis]);
  }
  return window_corners(padded, patch_, overlap_);
}

at::Tensor SlidingWindow::predict(const at::Tensor& image, const WindowPredictor& predict) const {
  const auto dims = static_cast<int64_t>(patch_.size());
  if (image.dim() != dims + 1) {
    throw DataError("the image has " + std::to_string(image.dim() - 1) +
                    " spatial axes but patch_size has " + std::to_string(dims) +
                    " values; give one size per spatial axis");
  }
  const std::vector<int64_t> shape(image.sizes().begin() + 1, image.sizes().end());

  // Zero padding at the end of each axis smaller than the patch (pad list runs last axis first).
  std::vector<int64_t> pad;
  bool padded = false;
  for (int64_t axis = dims - 1; axis >= 0; --axis) {
    const int64_t missing = std::max<int64_t>(0, patch_[axis] - shape[axis]);
    pad.insert(pad.end(), {0, missing});
    padded = padded || missing > 0;
  }
  const at::Tensor source = padded ? at::constant_pad_nd(image, pad, 0.0) : image;
  const std::vector<int64_t> full(source.sizes().begin() + 1, source.sizes().end());

  const auto windows = corners(shape);
  const at::Tensor weight = importance_.to(image.device());
  at::Tensor weight_sum = at::zeros(full, weight.options());
  at::Tensor sum;  // [C', full...], allocated once the output channels are known
  const auto step = static_cast<size_t>(batch_size_);
  std::vector<at::Tensor> parts;
  for (size_t first = 0; first < windows.size(); first += step) {
    const size_t last = std::min(windows.size(), first + step);
    parts.clear();
    for (size_t w = first; w < last; ++w) parts.push_back(window_of(source, windows[w], patch_));
    const at::Tensor prob = predict(at::stack(parts)).to(at::kFloat);
    if (!sum.defined()) {
      std::vector<int64_t> sum_shape{prob.size(1)};
      sum_shape.insert(sum_shape.end(), full.begin(), full.end());
      sum = at::zeros(sum_shape, weight.options());
    }
    for (size_t w = first; w < last; ++w) {
      window_of(sum, windows[w], patch_).add_(prob[static_cast<int64_t>(w - first)] * weight);
      window_of(weight_sum, windows[w], patch_).add_(weight);
    }
  }
  const std::vector<int64_t> zeros(shape.size(), 0);
  return window_of(sum.div_(weight_sum), zeros, shape).contiguous();
}

}  // namespace ves::sliding_window
