#pragma once
// Intensity augmentations of image tensors [C, Z, Y, X] or [C, Y, X]. Each takes its drawn
// parameters as a vector of one value (applied to the whole tensor, statistics over all
// channels) or one value per channel (statistics per channel).
//
// Each consumes `x`: when the caller hands over the only reference (std::move) to floating data
// in memory ATen allocated, the result reuses that memory, since a fresh 16 MB buffer per op
// costs page faults that can exceed the arithmetic. Otherwise x is left untouched.
#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>

#include <vector>

namespace ves_augment {

/// True when `x` may be overwritten: floating, dense, its memory from ATen's allocator (not a
/// borrowed buffer such as an ITK image's) and referenced by this handle only.
bool is_reusable(const at::Tensor& x);

/// x * factor.
at::Tensor multiply(at::Tensor x, const std::vector<double>& factors);

/// x + offset.
at::Tensor add(at::Tensor x, const std::vector<double>& offsets);

/// (x - mean) * contrast + mean + brightness; with `preserve_range` the result is clipped to
/// the input's [min, max] (per channel when the parameters are).
at::Tensor adjust_contrast(at::Tensor x, const std::vector<double>& contrast,
                           const std::vector<double>& brightness, bool preserve_range);

/// Gamma on min-max normalised intensities, range restored: lo + (hi - lo) * u^gamma with
/// u = (x - lo) / (hi - lo). A constant tensor (or channel) is returned unchanged.
at::Tensor adjust_gamma(at::Tensor x, const std::vector<double>& gammas);

/// x + N(0, std^2) noise drawn from `generator` (a CPU generator; the noise is moved to x's
/// device). A std of 0 adds nothing.
at::Tensor add_gaussian_noise(at::Tensor x, const std::vector<double>& stds,
                              at::Generator generator);

}  // namespace ves_augment
