// Cropping and padding by copying the overlap of a box and the volume into a filled tensor.
#include "region.hpp"

#include <ATen/ATen.h>

#include <algorithm>

namespace ves::transforms {

int64_t tensor_dim(const Volume& volume, int axis) {
  return volume.spatial_dims() - axis;
}

Volume extract_box(const Volume& volume, const Box& box, double fill) {
  const int dims = static_cast<int>(volume.spatial_dims());
  std::vector<int64_t> shape{volume.channels()};
  for (int axis = dims - 1; axis >= 0; --axis) shape.push_back(box.size[axis]);
  at::Tensor out = at::full(shape, fill, volume.data.options());

  const auto size = volume.size_xyz();
  at::Tensor source = volume.data;
  at::Tensor target = out;
  bool overlaps = true;
  for (int axis = 0; axis < dims; ++axis) {
    const int64_t lo = std::max<int64_t>(box.start[axis], 0);
    const int64_t hi = std::min(box.start[axis] + box.size[axis], size[axis]);
    if (lo >= hi) {
      overlaps = false;
      break;
    }
    const int64_t dim = tensor_dim(volume, axis);
    source = source.narrow(dim, lo, hi - lo);
    target = target.narrow(dim, lo - box.start[axis], hi - lo);
  }
  if (overlaps) target.copy_(source);

  std::array<double, 3> corner{0.0, 0.0, 0.0};
  for (int axis = 0; axis < dims; ++axis) corner[axis] = static_cast<double>(box.start[axis]);
  Volume result{out, volume.geometry};
  result.geometry.origin = volume.geometry.index_to_physical(corner);
  return result;
}

std::optional<Box> foreground_box(const Volume& volume, int64_t margin) {
  const int dims = static_cast<int>(volume.spatial_dims());
  const at::Tensor mask = (volume.data != 0).any(0);  // spatial dims only
  if (!mask.any().item<bool>()) return std::nullopt;
  const auto size = volume.size_xyz();
  Box box;
  for (int axis = 0; axis < dims; ++axis) {
    const int64_t dim = tensor_dim(volume, axis) - 1;  // no channel dim in `mask`
    at::Tensor profile = mask;
    for (int64_t d = mask.dim() - 1; d >= 0; --d)
      if (d != dim) profile = profile.any(d);
    const at::Tensor hits = profile.nonzero();
    const int64_t first = hits.min().item<int64_t>();
    const int64_t last = hits.max().item<int64_t>();
    const int64_t lo = std::max<int64_t>(first - margin, 0);
    const int64_t hi = std::min(last + margin + 1, size[axis]);
    box.start[axis] = lo;
    box.size[axis] = hi - lo;
  }
  return box;
}

Box centred_box(const Volume& volume, const std::array<int64_t, 3>& size) {
  const auto current = volume.size_xyz();
  Box box;
  box.size = current;
  for (int axis = 0; axis < static_cast<int>(volume.spatial_dims()); ++axis) {
    if (size[axis] <= 0) continue;
    box.size[axis] = size[axis];
    box.start[axis] = (current[axis] - size[axis]) / 2;  // truncates towards zero for padding
  }
  return box;
}

}  // namespace ves::transforms
