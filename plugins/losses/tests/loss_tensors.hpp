#pragma once
// Tiny tensors shared by the loss tests.
#include <ATen/ATen.h>

#include <cmath>
#include <vector>

namespace ves::losses::test {

/// A float32 tensor of `values` viewed as `shape`.
inline at::Tensor tensor_of(std::vector<float> values, std::vector<int64_t> shape) {
  return at::tensor(values, at::kFloat).view(shape);
}

/// Logits [1, 1, 2, 2, 2] whose sigmoids are 0.5, 0.75, 0.25, 0.5 (repeated along z).
inline at::Tensor binary_logits() {
  const float l3 = std::log(3.0f);
  return tensor_of({0, l3, -l3, 0, 0, l3, -l3, 0}, {1, 1, 2, 2, 2});
}

/// Target [1, 1, 2, 2, 2]: 1, 1, 0, 0 (repeated along z).
inline at::Tensor binary_target() {
  return tensor_of({1, 1, 0, 0, 1, 1, 0, 0}, {1, 1, 2, 2, 2});
}

/// Logits [1, 3, 1, 1, 2]: voxel a softmax (1/3, 1/3, 1/3), voxel b (1/2, 1/4, 1/4).
inline at::Tensor three_class_logits() {
  const float l2 = std::log(2.0f);
  return tensor_of({0, l2, 0, 0, 0, 0}, {1, 3, 1, 1, 2});
}

/// Class map [1, 1, 1, 1, 2]: voxel a is class 0, voxel b class 2.
inline at::Tensor three_class_target() {
  return tensor_of({0, 2}, {1, 1, 1, 1, 2});
}

/// A scalar loss as a double.
inline double value(const at::Tensor& loss) {
  return loss.item<double>();
}

}  // namespace ves::losses::test
