// Whole-case and grid samplers for validation.
#include "case_samplers.hpp"

#include "epoch_plan.hpp"
#include "ves/core/error.hpp"
#include "ves/core/window_grid.hpp"

namespace ves::samplers {

std::vector<std::vector<ItemRef>> FullVolumeSampler::plan_epoch(size_t num_cases,
                                                                int64_t batch_size,
                                                                int64_t iterations, Rng&) {
  check_epoch_request("full_volume", num_cases, batch_size);
  std::vector<ItemRef> items(num_cases);
  for (size_t i = 0; i < num_cases; ++i) {
    items[i].case_index = i;
    items[i].tag = "full_volume";
  }
  return batches_of(items, batch_size, iterations);
}

Sample FullVolumeSampler::extract(const Sample& whole, const ItemRef&, Rng&) const {
  return whole;
}

GridSampler::GridSampler(std::vector<int64_t> patch_size, double overlap, PatchPadding padding)
    : patch_size_(std::move(patch_size)), overlap_(overlap), padding_(std::move(padding)) {}

void GridSampler::prepare(const std::vector<CaseRef>& cases, const CaseLoader& load) {
  shapes_.clear();
  shapes_.reserve(cases.size());
  for (size_t i = 0; i < cases.size(); ++i) {
    shapes_.push_back(common_shape(load(i), patch_size_.size()));
  }
}

std::vector<std::vector<ItemRef>> GridSampler::plan_epoch(size_t num_cases, int64_t batch_size,
                                                          int64_t iterations, Rng&) {
  check_epoch_request("grid", num_cases, batch_size);
  if (shapes_.size() != num_cases) {
    throw UsageError("sampler grid: prepare() saw " + std::to_string(shapes_.size()) +
                     " cases but the epoch has " + std::to_string(num_cases) +
                     "; the grid sampler needs prepare() on the same cases first");
  }
  std::vector<ItemRef> items;
  for (size_t c = 0; c < num_cases; ++c) {
    for (auto& corner : window_corners(shapes_[c], patch_size_, overlap_)) {
      ItemRef item;
      item.case_index = c;
      item.position = std::move(corner);
      item.tag = "grid";
      items.push_back(std::move(item));
    }
  }
  return batches_of(items, batch_size, iterations);
}

Sample GridSampler::extract(const Sample& whole, const ItemRef& item, Rng&) const {
  const auto shape = common_shape(whole, patch_size_.size());
  if (item.position.size() != shape.size()) {
    throw UsageError("sampler grid: item for case " + whole.case_id +
                     " has no window corner; plan items with this sampler's plan_epoch");
  }
  return crop_sample(whole, item.position, patch_size_, padding_);
}

}  // namespace ves::samplers
