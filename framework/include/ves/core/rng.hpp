#pragma once
// Explicitly seeded random numbers. Every random decision in Vesalius draws from an Rng derived
// from the run's seed, so a run is reproducible given the seed and thread count.
#include <ATen/core/Generator.h>
#include <cstdint>
#include <random>
#include <string>

namespace ves {

class Rng {
 public:
  explicit Rng(uint64_t seed = 0);

  /// A new independent stream derived from this seed and `stream` (e.g. worker id, epoch);
  /// the same (seed, stream) always gives the same child, whatever was drawn before.
  Rng fork(uint64_t stream) const;
  uint64_t seed() const { return seed_; }

  double uniform(double lo = 0.0, double hi = 1.0);
  double normal(double mean = 0.0, double stddev = 1.0);
  /// Uniform integer in [lo, hi] inclusive.
  int64_t integer(int64_t lo, int64_t hi);
  bool bernoulli(double p);
  uint64_t next_u64() { return engine_(); }
  /// A libtorch CPU generator seeded from this stream, for torch::randn & co.
  at::Generator torch_generator();

  /// Full engine state as text, for checkpoints; restore with set_state.
  std::string state() const;
  void set_state(const std::string& state);

 private:
  uint64_t seed_;
  std::mt19937_64 engine_;
};

}  // namespace ves
