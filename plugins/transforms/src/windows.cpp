// Window clipping and scaling.
#include "windows.hpp"

#include <ATen/ATen.h>

namespace ves::transforms {

at::Tensor apply_windows(const at::Tensor& data, const std::vector<Window>& windows) {
  std::vector<at::Tensor> channels;
  const at::Tensor values = data.to(at::kFloat);
  for (int64_t c = 0; c < values.size(0); ++c) {
    for (const auto& [lo, hi] : windows)
      channels.push_back((values[c].clamp(lo, hi) - lo) / (hi - lo));
  }
  return at::stack(channels, 0);
}

}  // namespace ves::transforms
