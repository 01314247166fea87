// Patch corners and cropping with padding; the geometry follows the crop.
#include "patch_geometry.hpp"

#include <ATen/ATen.h>

#include <algorithm>

#include "ves/core/error.hpp"

namespace ves::samplers {
namespace {

bool is_integer_volume(const Volume& volume) {
  return !at::isFloatingType(volume.data.scalar_type()) &&
         !at::isComplexType(volume.data.scalar_type());
}

std::string shape_text(const std::vector<int64_t>& shape) {
  std::string text;
  for (int64_t n : shape) text += (text.empty() ? "" : "x") + std::to_string(n);
  return text;
}

}  // namespace

std::vector<int64_t> spatial_shape(const Volume& volume) {
  const auto sizes = volume.data.sizes();
  return {sizes.begin() + 1, sizes.end()};
}

std::pair<int64_t, int64_t> corner_range(int64_t size, int64_t patch) {
  return {std::min<int64_t>(0, size - patch), std::max<int64_t>(0, size - patch)};
}

Volume crop_padded(const Volume& volume, const std::vector<int64_t>& corner,
                   const std::vector<int64_t>& size, double fill) {
  std::vector<int64_t> shape{volume.channels()};
  shape.insert(shape.end(), size.begin(), size.end());
  at::Tensor out = at::full(shape, fill, volume.data.options());

  // Copy the overlap of the box and the volume, if any.
  at::Tensor source = volume.data;
  at::Tensor target = out;
  bool overlaps = true;
  for (size_t axis = 0; axis < size.size() && overlaps; ++axis) {
    const auto dim = static_cast<int64_t>(axis) + 1;
    const int64_t lo = std::max<int64_t>(corner[axis], 0);
    const int64_t hi = std::min(corner[axis] + size[axis], volume.data.size(dim));
    overlaps = lo < hi;
    if (!overlaps) break;
    source = source.narrow(dim, lo, hi - lo);
    target = target.narrow(dim, lo - corner[axis], hi - lo);
  }
  if (overlaps) target.copy_(source);

  // Geometry indices are (x, y, z): reverse the tensor-order corner; 2-D slices have z = 0.
  std::array<double, 3> first_voxel{0.0, 0.0, 0.0};
  for (size_t axis = 0; axis < corner.size(); ++axis) {
    first_voxel[corner.size() - 1 - axis] = static_cast<double>(corner[axis]);
  }
  Volume patch{out, volume.geometry};
  patch.geometry.origin = volume.geometry.index_to_physical(first_voxel);
  return patch;
}

std::vector<int64_t> common_shape(const Sample& sample, size_t patch_dims) {
  if (sample.volumes.empty()) {
    throw DataError("case " + sample.case_id + " has no volumes to cut a patch from");
  }
  const auto& [first_name, first] = *sample.volumes.begin();
  const auto shape = spatial_shape(first);
  for (const auto& [name, volume] : sample.volumes) {
    if (static_cast<size_t>(volume.spatial_dims()) != patch_dims) {
      throw DataError("case " + sample.case_id + ": volume '" + name + "' (" + volume.describe() +
                      ") is " + std::to_string(volume.spatial_dims()) + "-D but patch_size has " +
                      std::to_string(patch_dims) + " values; give one size per spatial axis");
    }
    if (spatial_shape(volume) != shape) {
      throw DataError("case " + sample.case_id + ": volume '" + name + "' (" + volume.describe() +
                      ") is not on the grid of '" + first_name + "' (" + shape_text(shape) +
                      "); resample all volumes onto one grid before patch sampling");
    }
  }
  return shape;
}

Sample crop_sample(const Sample& whole, const std::vector<int64_t>& corner,
                   const std::vector<int64_t>& size, const PatchPadding& padding) {
  Sample patch;
  patch.case_id = whole.case_id;
  patch.subject_id = whole.subject_id;
  patch.scalars = whole.scalars;
  patch.meta = whole.meta;
  patch.history = whole.history;
  for (const auto& [name, volume] : whole.volumes) {
    const bool zero = name == padding.label || is_integer_volume(volume);
    patch.volumes[name] = crop_padded(volume, corner, size, zero ? 0.0 : padding.fill);
  }
  patch.meta["patch_corner"] = corner_text(corner);
  return patch;
}

std::string corner_text(const std::vector<int64_t>& corner) {
  std::string text;
  for (int64_t n : corner) text += (text.empty() ? "" : ",") + std::to_string(n);
  return text;
}

}  // namespace ves::samplers
