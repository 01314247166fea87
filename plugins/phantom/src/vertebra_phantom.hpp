#pragma once
// Synthetic vertebra CT crops: body with cortical shell and trabecular interior, posterior
// arch, spinal canal, discs and neighbours, and in some cases a fracture-like defect.
// Plain maths: no registry, no YAML.
#include <ATen/core/Tensor.h>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "shapes.hpp"
#include "texture.hpp"

namespace ves::phantom {

/// What the vertebra phantom generates; the reader's parameters map onto these one to one.
struct VertebraPhantomOptions {
  uint64_t seed = 0;
  int64_t cases = 12;
  int64_t subjects = 0;  ///< 0: ceil(cases / 3), about three vertebrae per patient
  std::vector<std::string> levels{"T11", "T12", "L1", "L2", "L3"};
  std::array<int64_t, 3> size{64, 64, 64};       ///< voxels x, y, z
  std::array<double, 3> spacing{1.0, 1.0, 1.0};  ///< mm x, y, z
  double fracture_fraction = 0.3;                ///< probability that a vertebra has a defect
  bool unit = false;  ///< false: HU; true: clip to [-1000, 2000] HU and map to [0, 1]

  /// Subjects actually used (resolves 0).
  int64_t subject_count() const;
  /// Most vertebrae any subject holds; must not exceed the number of levels.
  int64_t max_cases_per_subject() const;
  /// Throws std::invalid_argument naming the first inconsistent field.
  void check() const;
};

/// Every random choice of one vertebra, drawn cheaply from its Rng so that listing cases needs
/// no volume; generation draws nothing but noise, from `noise_seed`. Lengths in mm, in the
/// anatomy frame (the grid moved by `shift` and turned by `angle` about z); +y is posterior.
struct VertebraCasePlan {
  int64_t index = 0;
  int64_t subject = 0;
  size_t level = 0;  ///< index into the options' levels
  bool fracture = false;

  std::array<double, 3> shift{};
  double angle = 0.0;
  double unit_mm = 1.0;  ///< anatomy scale: half the smallest field-of-view extent
  double scale = 1.0;    ///< subject size times level size

  // Vertebral body: elliptic cylinder with rounded edges and a waist.
  std::array<double, 3> body_center{};
  std::array<double, 3> body_axes{};  ///< lateral, antero-posterior, half height
  double waist = 0.0;                 ///< relative narrowing at mid-height
  double shell_mm = 2.0;              ///< cortical thickness

  // Tissue values (HU).
  double soft_hu = 30, csf_hu = 20, disc_hu = 85, cancellous_hu = 220, cortical_hu = 900,
         posterior_hu = 650, trabecular_hu = 50, noise_hu = 18;
  WaveTexture soft_texture, trabecular_texture;

  // Fracture: wedge (endplate depressed anteriorly) and a dark irregular cleft.
  int wedge_side = 1;        ///< +1 superior endplate, -1 inferior
  double wedge_depth = 0.0;  ///< height lost at the anterior wall, fraction of half height
  Ellipsoid cleft;
  WaveTexture cleft_texture;
  double cleft_hu = -50, rim_hu = 200;

  uint64_t noise_seed = 0;
};

/// Volumes of one vertebra. `body` is not part of the reader's Sample; it is here for tests.
struct VertebraCase {
  at::Tensor image;  ///< [1, Z, Y, X] float32, HU or [0, 1]
  at::Tensor label;  ///< [1, Z, Y, X] float32, 1 = defect voxel (inside the body)
  at::Tensor body;   ///< [1, Z, Y, X] bool, the vertebral body
};

class VertebraPhantom {
 public:
  explicit VertebraPhantom(VertebraPhantomOptions options);
  const VertebraPhantomOptions& options() const { return options_; }
  /// Subject index of a case.
  int64_t subject(int64_t index) const;
  /// Level of a case, as an index into options().levels (cheaper than a whole plan).
  size_t level(int64_t index) const;
  /// The cheap random choices of case `index` (same result on every call and thread).
  VertebraCasePlan plan(int64_t index) const;
  /// The volumes of a planned case; const and thread-safe.
  VertebraCase generate(const VertebraCasePlan& plan) const;

 private:
  /// What all vertebrae of one patient share.
  struct SubjectTraits {
    double scale = 1.0;
    double cancellous_hu = 220.0;  ///< bone density: osteoporotic .. healthy
    double cortical_hu = 900.0;
    int64_t first_level = 0;  ///< the subject's vertebrae are consecutive levels from here
  };
  SubjectTraits traits(int64_t subject) const;

  VertebraPhantomOptions options_;
};

}  // namespace ves::phantom
