#pragma once
// A Model for tests: forward() applies a given function to the batch's "image" and counts calls.
#include <ATen/ATen.h>

#include <functional>
#include <string>

#include "ves/api/model.hpp"

namespace sliding_window_test {

class FakeModel : public ves::Model {
 public:
  using Function = std::function<at::Tensor(const at::Tensor& image)>;
  explicit FakeModel(Function function, std::string output = "seg_logits")
      : function_(std::move(function)), output_(std::move(output)) {}

  torch::nn::Module& module() override { return module_; }
  ves::TensorMap forward(const ves::Batch& batch) override {
    ++calls;
    windows += batch.size();
    last_shape = batch.at("image").sizes().vec();
    return {{output_, function_(batch.at("image"))}};
  }

  int calls = 0;        ///< forward passes so far
  int64_t windows = 0;  ///< batch items so far
  std::vector<int64_t> last_shape;

 private:
  Function function_;
  std::string output_;
  torch::nn::Module module_;
};

/// The logits are the image itself.
inline FakeModel identity_model() {
  return FakeModel([](const at::Tensor& image) { return image; });
}

/// One channel of constant logits `value` on the image's grid.
inline FakeModel constant_model(double value) {
  return FakeModel(
      [value](const at::Tensor& image) { return at::full_like(image.narrow(1, 0, 1), value); });
}

}  // namespace sliding_window_test
