// Whole-case prediction with padding to a multiple of the divisor.
#include "whole_volume.hpp"

#include <ATen/ATen.h>

namespace ves::sliding_window {

at::Tensor predict_whole(const at::Tensor& image, int64_t divisor, const BatchPredictor& predict) {
  std::vector<int64_t> pad;  // last axis first, (before, after) pairs
  bool padded = false;
  for (int64_t dim = image.dim() - 1; dim >= 1; --dim) {
    const int64_t missing = (divisor - image.size(dim) % divisor) % divisor;
    pad.insert(pad.end(), {0, missing});
    padded = padded || missing > 0;
  }
  const at::Tensor source = padded ? at::constant_pad_nd(image, pad, 0.0) : image;
  at::Tensor prob = predict(source.unsqueeze(0))[0].to(at::kFloat);
  for (int64_t dim = 1; dim < image.dim(); ++dim) prob = prob.narrow(dim, 0, image.size(dim));
  return prob.contiguous();
}

}  // namespace ves::sliding_window
