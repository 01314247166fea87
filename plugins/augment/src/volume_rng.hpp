#pragma once
// Random streams shared by every slice of one volume, for "same parameters for all slices".
#include <cstdint>
#include <string>

#include "ves/core/rng.hpp"
#include "ves/core/sample.hpp"

namespace ves_augment {

/// FNV-1a 64-bit hash: stable across platforms and runs, unlike std::hash.
uint64_t stable_hash(const std::string& text);

/// The volume a 2-D slice sample comes from: meta["source_case"] (else the case id), plus
/// meta["orientation"] when present, since each orientation is its own stack of slices.
std::string source_volume_key(const ves::Sample& sample);

/// An Rng that depends only on the run seed, the slice's source volume, meta["epoch"] and the
/// transform's chain step: every slice of one volume draws the same numbers in one epoch, and
/// new ones the next. Throws ves::DataError naming the case when meta["epoch"] is missing or
/// not a non-negative integer (without it every epoch would repeat the same augmentation).
ves::Rng volume_rng(uint64_t run_seed, const ves::Sample& sample, size_t step);

}  // namespace ves_augment
