// Batches of an epoch from an ordered list of items.
#include "epoch_plan.hpp"

#include <algorithm>

#include "ves/core/error.hpp"

namespace ves::samplers {

void check_epoch_request(const std::string& sampler, size_t num_cases, int64_t batch_size) {
  if (num_cases == 0) {
    throw UsageError("sampler " + sampler + ": the dataset has no cases to sample from");
  }
  if (batch_size < 1) {
    throw UsageError("sampler " + sampler + ": batch size must be at least 1, got " +
                     std::to_string(batch_size));
  }
}

std::vector<std::vector<ItemRef>> batches_of(const std::vector<ItemRef>& items, int64_t batch_size,
                                             int64_t iterations) {
  std::vector<std::vector<ItemRef>> batches;
  if (items.empty()) return batches;
  const auto per_batch = static_cast<size_t>(batch_size);
  if (iterations > 0) {
    size_t next = 0;
    for (int64_t b = 0; b < iterations; ++b) {
      auto& batch = batches.emplace_back();
      for (size_t i = 0; i < per_batch; ++i, next = (next + 1) % items.size()) {
        batch.push_back(items[next]);
      }
    }
    return batches;
  }
  for (size_t first = 0; first < items.size(); first += per_batch) {
    const size_t last = std::min(items.size(), first + per_batch);
    batches.emplace_back(items.begin() + static_cast<std::ptrdiff_t>(first),
                         items.begin() + static_cast<std::ptrdiff_t>(last));
  }
  return batches;
}

}  // namespace ves::samplers
