// Random patch sampling with a foreground ratio and a random offset of the centre.
#include "patch_sampler.hpp"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>

#include "epoch_plan.hpp"
#include "ves/core/error.hpp"

namespace ves::samplers {
namespace {

// Tensor-order index of a uniformly chosen voxel > 0 (in any channel), or nullopt.
std::optional<std::vector<int64_t>> random_foreground_voxel(const Volume& label, Rng& rng) {
  const at::Tensor& data = label.data;
  const at::Tensor foreground = data.scalar_type() == at::kBool ? data : data > 0;
  const at::Tensor linear = foreground.any(0).reshape({-1}).nonzero();  // [N, 1]
  const int64_t count = linear.size(0);
  if (count == 0) return std::nullopt;
  int64_t index = linear[rng.integer(0, count - 1)][0].item<int64_t>();
  const auto shape = spatial_shape(label);
  std::vector<int64_t> voxel(shape.size());
  for (size_t axis = shape.size(); axis-- > 0;) {
    voxel[axis] = index % shape[axis];
    index /= shape[axis];
  }
  return voxel;
}

}  // namespace

PatchSampler::PatchSampler(PatchOptions options) : options_(std::move(options)) {}

std::vector<std::vector<ItemRef>> PatchSampler::plan_epoch(size_t num_cases, int64_t batch_size,
                                                           int64_t iterations, Rng& rng) {
  check_epoch_request("patch", num_cases, batch_size);
  const int64_t count =
      iterations > 0 ? iterations : (static_cast<int64_t>(num_cases) + batch_size - 1) / batch_size;
  std::vector<std::vector<ItemRef>> batches(static_cast<size_t>(count));
  for (auto& batch : batches) {
    for (int64_t i = 0; i < batch_size; ++i) {
      ItemRef item;
      item.case_index = static_cast<size_t>(rng.integer(0, static_cast<int64_t>(num_cases) - 1));
      item.tag = rng.bernoulli(options_.foreground_ratio) ? "foreground" : "random";
      batch.push_back(std::move(item));
    }
  }
  return batches;
}

Sample PatchSampler::extract(const Sample& whole, const ItemRef& item, Rng& rng) const {
  const auto shape = common_shape(whole, options_.patch_size.size());
  std::vector<int64_t> corner = item.position;
  if (corner.empty() && item.tag == "foreground") {
    corner = foreground_corner(whole, shape, rng).value_or(std::vector<int64_t>{});
  }
  if (corner.empty()) corner = uniform_corner(shape, rng);
  if (corner.size() != shape.size()) {
    throw UsageError("sampler patch: item position " + corner_text(corner) + " for case " +
                     whole.case_id + " needs one value per spatial axis (" +
                     std::to_string(shape.size()) + ")");
  }
  return crop_sample(whole, corner, options_.patch_size,
                     PatchPadding{options_.pad_value, options_.label});
}

std::optional<std::vector<int64_t>> PatchSampler::foreground_corner(
    const Sample& whole, const std::vector<int64_t>& shape, Rng& rng) const {
  if (!whole.has_volume(options_.label)) {
    throw DataError("sampler patch: case " + whole.case_id + " has no volume '" + options_.label +
                    "' to find foreground in; set `label:` to the mask's name or "
                    "`foreground_ratio: 0`");
  }
  const auto voxel = random_foreground_voxel(whole.volume(options_.label), rng);
  if (!voxel) return std::nullopt;
  std::vector<int64_t> corner(shape.size());
  for (size_t axis = 0; axis < shape.size(); ++axis) {
    const int64_t patch = options_.patch_size[axis];
    const auto reach = static_cast<int64_t>(std::floor(options_.offset * patch));
    // Where the voxel lands in the patch: the middle, moved by the random offset, kept inside.
    const int64_t inside =
        std::clamp<int64_t>(patch / 2 - rng.integer(-reach, reach), 0, patch - 1);
    const auto [lo, hi] = corner_range(shape[axis], patch);
    // Clamping keeps the voxel in the patch: the range always allows a corner that holds it.
    corner[axis] = std::clamp((*voxel)[axis] - inside, lo, hi);
  }
  return corner;
}

std::vector<int64_t> PatchSampler::uniform_corner(const std::vector<int64_t>& shape,
                                                  Rng& rng) const {
  std::vector<int64_t> corner(shape.size());
  for (size_t axis = 0; axis < shape.size(); ++axis) {
    const auto [lo, hi] = corner_range(shape[axis], options_.patch_size[axis]);
    corner[axis] = rng.integer(lo, hi);
  }
  return corner;
}

}  // namespace ves::samplers
