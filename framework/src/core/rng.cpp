// Seeded random numbers that are identical on every platform: only mt19937_64 (fully specified
// by the standard) is used; the distributions are written here, since std's are not portable.
#include "ves/core/rng.hpp"

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <locale>
#include <sstream>

#include "ves/core/error.hpp"

namespace ves {
namespace {

constexpr uint64_t kGolden = 0x9E3779B97F4A7C15ULL;

// SplitMix64 finaliser: decorrelates nearby seeds (seed, seed + 1, ...) before mt19937_64.
uint64_t splitmix64(uint64_t x) {
  x += kGolden;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

constexpr double kTwoPi = 6.283185307179586476925286766559;

__extension__ typedef unsigned __int128 Uint128;  // GCC/Clang; __extension__ keeps -Wpedantic quiet

}  // namespace

Rng::Rng(uint64_t seed) : seed_(seed), engine_(seed) {}

Rng Rng::fork(uint64_t stream) const {
  return Rng(splitmix64(seed_ ^ splitmix64(stream + kGolden)));
}

double Rng::uniform(double lo, double hi) {
  const double u = static_cast<double>(next_u64() >> 11) * 0x1.0p-53;  // [0, 1), 53 bits
  const double value = lo + (hi - lo) * u;
  // Rounding can land on hi for some ranges; keep the interval half-open.
  return (hi > lo && value >= hi) ? std::nextafter(hi, lo) : value;
}

double Rng::normal(double mean, double stddev) {
  // Box-Muller; u1 in (0, 1] so the logarithm is finite. The second variate is dropped so the
  // engine state alone (see state()) determines the continuation.
  const double u1 = 1.0 - uniform();
  const double u2 = uniform();
  return mean + stddev * std::sqrt(-2.0 * std::log(u1)) * std::cos(kTwoPi * u2);
}

int64_t Rng::integer(int64_t lo, int64_t hi) {
  if (lo > hi) {
    throw Error("Rng::integer: empty range [" + std::to_string(lo) + ", " + std::to_string(hi) +
                "]");
  }
  const uint64_t range = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo) + 1;
  if (range == 0) return static_cast<int64_t>(next_u64());  // the full 64-bit range
  // Lemire's multiply-shift: the high word of x * range is uniform in [0, range) once the
  // rare biased low words (fewer than range of 2^64) are rejected.
  Uint128 product = static_cast<Uint128>(next_u64()) * range;
  auto low = static_cast<uint64_t>(product);
  if (low < range) {
    const uint64_t threshold = (0 - range) % range;
    while (low < threshold) {
      product = static_cast<Uint128>(next_u64()) * range;
      low = static_cast<uint64_t>(product);
    }
  }
  return static_cast<int64_t>(static_cast<uint64_t>(lo) + static_cast<uint64_t>(product >> 64));
}

bool Rng::bernoulli(double p) {
  return uniform() < p;
}

at::Generator Rng::torch_generator() {
  return at::make_generator<at::CPUGeneratorImpl>(next_u64());
}

std::string Rng::state() const {
  std::ostringstream out;
  out.imbue(std::locale::classic());
  out << seed_ << ' ' << engine_;
  return out.str();
}

void Rng::set_state(const std::string& state) {
  std::istringstream in(state);
  in.imbue(std::locale::classic());
  uint64_t seed = 0;
  std::mt19937_64 engine;
  if (!(in >> seed >> engine)) {
    throw Error(
        "cannot restore the random number state: the saved text is not an Rng state "
        "(was the checkpoint written by another program?)");
  }
  seed_ = seed;
  engine_ = engine;
}

}  // namespace ves
