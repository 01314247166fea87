// Slice indexing and balanced epochs of sampler/slices.
#include "slice_sampler.hpp"

#include <ATen/ATen.h>
#include <fmt/format.h>

#include <algorithm>

#include "epoch_plan.hpp"
#include "ves/core/error.hpp"

namespace ves::samplers {

namespace {

void shuffle(std::vector<ItemRef>& items, Rng& rng) {
  for (size_t i = items.size(); i > 1; --i)
    std::swap(items[i - 1],
              items[static_cast<size_t>(rng.integer(0, static_cast<int64_t>(i) - 1))]);
}

// The fixed array axis of an orientation in a [C, Z, Y, X] tensor.
int64_t fixed_axis(SliceOrientation orientation) {
  switch (orientation) {
    case SliceOrientation::Axial:
      return 1;
    case SliceOrientation::Coronal:
      return 2;
    case SliceOrientation::Sagittal:
      return 3;
  }
  return 1;
}

// `count` items taken in turn from `pool`, reshuffled each time it runs out.
class Deck {
 public:
  Deck(const std::vector<ItemRef>& pool, Rng& rng) : pool_(pool), rng_(rng) {
    shuffle(pool_, rng_);
  }
  const ItemRef& draw() {
    if (next_ == pool_.size()) {
      shuffle(pool_, rng_);
      next_ = 0;
    }
    return pool_[next_++];
  }

 private:
  std::vector<ItemRef> pool_;
  Rng& rng_;
  size_t next_ = 0;
};

}  // namespace

std::vector<int64_t> slice_classes(const Volume& mask, SliceOrientation orientation) {
  if (mask.data.dim() != 4)
    throw DataError(fmt::format("slice classes need a 3-D mask [C, Z, Y, X], got {} dimensions",
                                mask.data.dim()));
  const int64_t axis = fixed_axis(orientation);
  std::vector<int64_t> reduce;
  for (int64_t d = 0; d < 4; ++d)
    if (d != axis) reduce.push_back(d);
  const at::Tensor any = mask.data.gt(0).amax(reduce).to(at::kLong).contiguous();
  return {any.data_ptr<int64_t>(), any.data_ptr<int64_t>() + any.numel()};
}

SliceSampler::SliceSampler(SliceSamplerOptions options) : options_(std::move(options)) {
  if (options_.orientations.empty()) throw UsageError("sampler slices: orientations is empty");
  if (options_.positive_repeat < 1)
    throw UsageError("sampler slices: positive_repeat must be at least 1");
}

void SliceSampler::prepare(const std::vector<CaseRef>& cases, const CaseLoader& load) {
  positives_.clear();
  negatives_.clear();
  for (size_t k = 0; k < cases.size(); ++k) {
    const Sample sample = load(k);
    if (!sample.has_volume(options_.label) &&
        !(options_.class_from.size() && sample.scalars.count(options_.class_from)))
      throw DataError(fmt::format(
          "sampler slices: case {} has no volume '{}' to tell positive from negative slices{}",
          sample.case_id, options_.label,
          options_.class_from.empty() ? "" : " and no scalar '" + options_.class_from + "'"));
    const Volume* mask =
        sample.has_volume(options_.label) ? &sample.volume(options_.label) : nullptr;
    const Volume& any = mask ? *mask : sample.volumes.begin()->second;
    auto add = [&](ItemRef item) {
      (item.label > 0 ? positives_ : negatives_).push_back(std::move(item));
    };
    if (any.data.dim() == 3) {  // a 2-D case (a pre-cut slice): the item is the case
      int64_t label = 0;
      if (!options_.class_from.empty() && sample.scalars.count(options_.class_from))
        label = sample.scalars.at(options_.class_from) > 0 ? 1 : 0;
      else
        label = mask->data.gt(0).any().item<bool>() ? 1 : 0;
      add(ItemRef{k, {}, label, ""});
      continue;
    }
    const bool has_class =
        !options_.class_from.empty() && sample.scalars.count(options_.class_from) > 0;
    for (size_t o = 0; o < options_.orientations.size(); ++o) {
      const SliceOrientation orientation = options_.orientations[o];
      // A one-slice volume (a 2-D image read as Z = 1) is a pre-cut slice: its class column wins.
      if (has_class && slice_count(any, orientation) == 1) {
        add(ItemRef{k,
                    {static_cast<int64_t>(o), 0},
                    sample.scalars.at(options_.class_from) > 0 ? 1 : 0,
                    slice_orientation_name(orientation)});
        continue;
      }
      if (!mask)
        throw DataError(
            fmt::format("sampler slices: 3-D case {} has no mask '{}' to label its slices",
                        sample.case_id, options_.label));
      const auto classes = slice_classes(*mask, orientation);
      for (size_t i = 0; i < classes.size(); ++i)
        add(ItemRef{k,
                    {static_cast<int64_t>(o), static_cast<int64_t>(i)},
                    classes[i],
                    slice_orientation_name(orientation)});
    }
  }
  prepared_ = true;
}

std::vector<std::vector<ItemRef>> SliceSampler::balanced_epoch(int64_t batch_size,
                                                               int64_t iterations, Rng& rng) const {
  if (batch_size % 2 != 0)
    throw UsageError(fmt::format(
        "sampler slices: balance: batch puts as many positive as negative slices in every batch, "
        "so batch_size must be even; got {}",
        batch_size));
  const auto half = static_cast<size_t>(batch_size / 2);
  for (const auto* pool : {&positives_, &negatives_})
    if (pool->size() < half)
      throw DataError(
          fmt::format("sampler slices: the cases have {} {} slices, fewer than half a batch ({}); "
                      "use balance: none, a smaller batch_size, or more cases",
                      pool->size(), pool == &positives_ ? "positive" : "negative", half));
  const size_t count = iterations > 0 ? static_cast<size_t>(iterations)
                                      : std::min(positives_.size(), negatives_.size()) / half;
  Deck positive(positives_, rng), negative(negatives_, rng);
  std::vector<std::vector<ItemRef>> batches(count);
  for (auto& batch : batches) {
    for (size_t i = 0; i < half; ++i) batch.push_back(positive.draw());
    for (size_t i = 0; i < half; ++i) batch.push_back(negative.draw());
    shuffle(batch, rng);
  }
  return batches;
}

std::vector<std::vector<ItemRef>> SliceSampler::plan_epoch(size_t num_cases, int64_t batch_size,
                                                           int64_t iterations, Rng& rng) {
  check_epoch_request("slices", num_cases, batch_size);
  if (!prepared_) throw UsageError("sampler slices: plan_epoch called before prepare");
  if (options_.balance == SliceBalance::Batch) return balanced_epoch(batch_size, iterations, rng);
  std::vector<ItemRef> items = negatives_;
  const int64_t copies =
      options_.balance == SliceBalance::Oversample ? options_.positive_repeat : 1;
  for (int64_t c = 0; c < copies; ++c)
    items.insert(items.end(), positives_.begin(), positives_.end());
  if (items.empty()) throw DataError("sampler slices: the cases have no slice");
  shuffle(items, rng);
  auto batches = batches_of(items, batch_size, iterations);
  // A short last batch is dropped (batch norm cannot train on one item), unless it is the only one.
  if (batches.size() > 1 && static_cast<int64_t>(batches.back().size()) < batch_size)
    batches.pop_back();
  return batches;
}

Sample SliceSampler::extract(const Sample& whole, const ItemRef& item, Rng&) const {
  Sample out = whole;  // volumes share storage until sliced
  out.meta["source_case"] = whole.meta_or("source_case", whole.case_id);
  out.scalars[options_.target] = static_cast<double>(item.label);
  if (item.position.size() != 2) return out;  // a 2-D case is its own slice
  const SliceOrientation orientation =
      options_.orientations.at(static_cast<size_t>(item.position[0]));
  const int64_t index = item.position[1];
  for (auto& [name, volume] : out.volumes)
    if (volume.data.dim() == 4) volume = extract_slice(volume, orientation, index);
  out.meta["orientation"] = slice_orientation_name(orientation);
  out.meta["slice_index"] = std::to_string(index);
  out.case_id = fmt::format("{}_{}_{:03d}", whole.case_id, out.meta["orientation"], index);
  return out;
}

}  // namespace ves::samplers
