// Linear scaling through torch's upsample kernels; nearest by explicit index gathering, which
// picks the voxel whose centre is nearest (torch's legacy "nearest" is off by half a voxel).
#include "resize.hpp"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "ves/core/error.hpp"

namespace ves::transforms {
namespace {

// Source index of each destination voxel centre: floor((j + 0.5) * old / new).
at::Tensor nearest_indices(int64_t old_size, int64_t new_size) {
  const double ratio = static_cast<double>(old_size) / static_cast<double>(new_size);
  std::vector<int64_t> index(static_cast<size_t>(new_size));
  for (int64_t j = 0; j < new_size; ++j) {
    index[static_cast<size_t>(j)] = std::min(
        old_size - 1, static_cast<int64_t>(std::floor((static_cast<double>(j) + 0.5) * ratio)));
  }
  return at::tensor(index, at::kLong);
}

at::Tensor scale_linear(const at::Tensor& data, const std::vector<int64_t>& shape) {
  const at::Tensor batch = data.to(at::kFloat).unsqueeze(0);
  if (shape.size() == 2)
    return at::upsample_bilinear2d(batch, shape, false, c10::nullopt, c10::nullopt).squeeze(0);
  return at::upsample_trilinear3d(batch, shape, false, c10::nullopt, c10::nullopt, c10::nullopt)
      .squeeze(0);
}

}  // namespace

Volume scale_to(const Volume& volume, const std::array<int64_t, 3>& size, bool nearest) {
  const int dims = static_cast<int>(volume.spatial_dims());
  const auto old_size = volume.size_xyz();
  std::vector<int64_t> shape;  // spatial, tensor order
  for (int a = dims - 1; a >= 0; --a) {
    if (size[a] < 1) throw DataError("cannot resize " + volume.describe() + " to an empty size");
    shape.push_back(size[a]);
  }
  Volume out{volume.data, volume.geometry};
  if (nearest) {
    for (int a = 0; a < dims; ++a) {
      if (size[a] == old_size[a]) continue;
      out.data =
          out.data.index_select(tensor_dim(volume, a), nearest_indices(old_size[a], size[a]));
    }
    out.data = out.data.contiguous();
  } else {
    out.data = scale_linear(volume.data, shape);
  }
  // Voxel j of the new grid sits at old continuous index (j + 0.5) * ratio - 0.5.
  std::array<double, 3> corner{0.0, 0.0, 0.0};
  for (int a = 0; a < dims; ++a) {
    const double ratio = static_cast<double>(old_size[a]) / static_cast<double>(size[a]);
    corner[a] = 0.5 * ratio - 0.5;
    out.geometry.spacing[a] = volume.geometry.spacing[a] * ratio;
  }
  out.geometry.origin = volume.geometry.index_to_physical(corner);
  return out;
}

ResizePlan plan_resize(const Volume& volume, const std::array<int64_t, 3>& target,
                       bool keep_aspect) {
  const int dims = static_cast<int>(volume.spatial_dims());
  const auto old_size = volume.size_xyz();
  ResizePlan plan;
  plan.scaled = old_size;
  double factor = std::numeric_limits<double>::infinity();
  for (int a = 0; a < dims; ++a) {
    if (target[a] > 0)
      factor = std::min(factor, static_cast<double>(target[a]) / static_cast<double>(old_size[a]));
  }
  for (int a = 0; a < dims; ++a) {
    if (keep_aspect && std::isfinite(factor)) {
      const auto scaled = std::llround(static_cast<double>(old_size[a]) * factor);
      plan.scaled[a] =
          std::max<int64_t>(1, target[a] > 0 ? std::min<int64_t>(scaled, target[a]) : scaled);
    } else if (target[a] > 0) {
      plan.scaled[a] = target[a];
    }
    const int64_t final_size = target[a] > 0 ? target[a] : plan.scaled[a];
    plan.box.size[a] = final_size;
    plan.box.start[a] = (plan.scaled[a] - final_size) / 2;
  }
  return plan;
}

}  // namespace ves::transforms
