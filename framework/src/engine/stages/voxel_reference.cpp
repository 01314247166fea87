#include "voxel_reference.hpp"

#include <ATen/ATen.h>

#include "ves/core/error.hpp"
#include "ves/core/shape_text.hpp"

namespace ves::stages {

void VoxelReference::require_shape(const at::Tensor& map, const std::string& case_id) const {
  if (map.sizes() != sum_.sizes())
    throw DataError("case " + case_id + ": its map is " + shape_text(map) +
                    " but the reference cases' (first " + first_case_ + ") is " + shape_text(sum_) +
                    "; standardising voxel by voxel needs every case on one grid size (crop or "
                    "pad the cases to a fixed size)");
}

void VoxelReference::add(const Volume& map, const std::string& case_id) {
  const at::Tensor values = map.data.to(at::kCPU, at::kDouble);
  if (count_ == 0) {
    sum_ = at::zeros_like(values);
    sum_squares_ = at::zeros_like(values);
    geometry_ = map.geometry;
    first_case_ = case_id;
  }
  require_shape(values, case_id);
  sum_.add_(values);
  sum_squares_.addcmul_(values, values);
  ++count_;
  mean_ = std_ = at::Tensor();  // the statistics changed
}

Volume VoxelReference::mean() const {
  return Volume{(sum_ / static_cast<double>(count_)).to(at::kFloat), geometry_};
}

Volume VoxelReference::std() const {
  const at::Tensor m = sum_ / static_cast<double>(count_);
  const at::Tensor variance = (sum_squares_ / static_cast<double>(count_) - m * m).clamp_min(0.0);
  return Volume{variance.sqrt().to(at::kFloat), geometry_};
}

at::Tensor VoxelReference::standardized(const at::Tensor& map, double epsilon,
                                        const std::string& case_id) const {
  require_shape(map, case_id);
  if (!mean_.defined() || mean_.device() != map.device()) {
    mean_ = mean().data.to(map.device());
    std_ = std().data.to(map.device());
  }
  return (map.to(at::kFloat) - mean_) / (std_ + epsilon);
}

}  // namespace ves::stages
