// Deep-supervision levels and the nearest-neighbour target resize they need.
#include "deep_supervision.hpp"

#include <ATen/ATen.h>

namespace ves::losses {

std::vector<SupervisionLevel> supervision_levels(const TensorMap& outputs,
                                                 const std::string& output, bool enabled) {
  std::vector<SupervisionLevel> levels{{output, 1.0}};
  if (!enabled) return levels;
  for (int k = 1; outputs.count(output + "_ds" + std::to_string(k)) > 0; ++k)
    levels.push_back({output + "_ds" + std::to_string(k), levels.back().weight / 2.0});
  double sum = 0.0;
  for (const auto& level : levels) sum += level.weight;
  for (auto& level : levels) level.weight /= sum;
  return levels;
}

at::Tensor resize_nearest(const at::Tensor& tensor, at::IntArrayRef size) {
  at::Tensor out = tensor;
  for (int64_t d = 0; d < static_cast<int64_t>(size.size()); ++d) {
    const int64_t in = tensor.size(d + 2);
    const int64_t n = size[d];
    if (in == n) continue;
    // torch computes the scale in float and clamps the index to the last voxel; so do we.
    const float scale = static_cast<float>(in) / static_cast<float>(n);
    const at::Tensor index = (at::arange(n, tensor.options().dtype(at::kFloat)) * scale)
                                 .floor()
                                 .to(at::kLong)
                                 .clamp_max(in - 1);
    out = out.index_select(d + 2, index);
  }
  return out;
}

}  // namespace ves::losses
