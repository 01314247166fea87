#pragma once
// Synthetic lesion-segmentation cases: a textured organ with bright (or, in a second channel,
// dark) ellipsoidal lesions, on an anisotropic grid. Plain maths: no registry, no YAML.
#include <ATen/core/Tensor.h>
#include <array>
#include <cstdint>
#include <vector>

#include "shapes.hpp"
#include "texture.hpp"

namespace ves::phantom {

/// What the organ phantom generates; the reader's parameters map onto these one to one.
struct OrganPhantomOptions {
  uint64_t seed = 0;
  int64_t cases = 8;
  int64_t subjects = 0;                               ///< 0: one subject per case
  std::array<int64_t, 3> size{64, 64, 32};            ///< voxels x, y, z
  std::array<double, 3> spacing{1.5, 1.5, 3.0};       ///< mm x, y, z
  int64_t channels = 1;                               ///< 1, or 2 with an ADC-like channel
  int64_t lesions_min = 0, lesions_max = 3;           ///< lesion count drawn uniformly
  std::array<double, 2> lesion_radius_mm{3.0, 12.0};  ///< semi-axis range
  double noise = 0.05;           ///< Gaussian noise stddev relative to organ intensity
  double empty_fraction = 0.25;  ///< extra probability that a case has no lesion

  /// Throws std::invalid_argument naming the first inconsistent field.
  void check() const;
};

/// One lesion: its shape and its contrast in each channel.
struct LesionPlan {
  Ellipsoid shape;
  double brighten = 0.0;  ///< channel 0 gains this fraction of the organ intensity
  double darken = 0.0;    ///< channel 1 loses this fraction
};

/// Every random choice of one case, drawn cheaply from its Rng so that listing cases needs no
/// volume; generation draws nothing but noise, from `noise_seed`.
struct OrganCasePlan {
  int64_t index = 0;
  int64_t subject = 0;
  Ellipsoid organ;
  std::array<double, 2> organ_level{};  ///< mean organ intensity per channel
  std::array<WaveTexture, 2> texture;   ///< smooth organ texture per channel
  std::vector<LesionPlan> lesions;      ///< disjoint, each centred on an organ voxel
  uint64_t noise_seed = 0;
};

/// Volumes of one case. `organ` is not part of the reader's Sample; it is here for tests.
struct OrganCase {
  at::Tensor image;  ///< [C, Z, Y, X] float32
  at::Tensor label;  ///< [1, Z, Y, X] float32, 1 = lesion (always inside the organ)
  at::Tensor organ;  ///< [1, Z, Y, X] bool
};

class OrganPhantom {
 public:
  explicit OrganPhantom(OrganPhantomOptions options);
  const OrganPhantomOptions& options() const { return options_; }
  /// Subject index of a case.
  int64_t subject(int64_t index) const;
  /// The cheap random choices of case `index` (same result on every call and thread).
  OrganCasePlan plan(int64_t index) const;
  /// The volumes of a planned case; const and thread-safe.
  OrganCase generate(const OrganCasePlan& plan) const;

 private:
  OrganPhantomOptions options_;
};

}  // namespace ves::phantom
