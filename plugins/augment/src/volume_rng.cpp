#include "volume_rng.hpp"

#include <charconv>

#include "ves/core/error.hpp"

namespace ves_augment {

uint64_t stable_hash(const std::string& text) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (const unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string source_volume_key(const ves::Sample& sample) {
  const std::string source = sample.meta_or("source_case", sample.case_id);
  const std::string orientation = sample.meta_or("orientation", "");
  return orientation.empty() ? source : source + "\x1f" + orientation;
}

ves::Rng volume_rng(uint64_t run_seed, const ves::Sample& sample, size_t step) {
  const auto it = sample.meta.find("epoch");
  uint64_t epoch = 0;
  const bool parsed =
      it != sample.meta.end() && !it->second.empty() &&
      std::from_chars(it->second.data(), it->second.data() + it->second.size(), epoch).ec ==
          std::errc() &&
      std::to_string(epoch) == it->second;
  if (!parsed) {
    throw ves::DataError(
        "case " + sample.case_id +
        ": same_for_slices needs meta[\"epoch\"] (a non-negative integer the data loader sets "
        "each epoch) so that slices of one volume share new parameters every epoch" +
        (it == sample.meta.end() ? std::string() : "; got \"" + it->second + "\""));
  }
  return ves::Rng(run_seed).fork(stable_hash(source_volume_key(sample))).fork(epoch).fork(step);
}

}  // namespace ves_augment
