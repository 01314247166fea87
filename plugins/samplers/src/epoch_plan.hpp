#pragma once
// Cutting a list of items into the batches of one epoch, shared by the samplers.
#include <cstdint>
#include <string>
#include <vector>

#include "ves/api/sampler.hpp"

namespace ves::samplers {

/// Throws UsageError naming `sampler` when `num_cases` is 0 or `batch_size` < 1.
void check_epoch_request(const std::string& sampler, size_t num_cases, int64_t batch_size);

/// `items` in order, `batch_size` per batch (the last may be shorter). With `iterations` > 0
/// exactly that many full batches, going round `items` again as often as needed.
std::vector<std::vector<ItemRef>> batches_of(const std::vector<ItemRef>& items, int64_t batch_size,
                                             int64_t iterations);

}  // namespace ves::samplers
