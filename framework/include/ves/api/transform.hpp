#pragma once
// Transform: Sample -> Sample. Preprocessing, augmentation and postprocessing share it.
#include "ves/api/component.hpp"
#include "ves/core/rng.hpp"
#include "ves/core/sample.hpp"

namespace ves {

class Transform : public Component {
 public:
  static constexpr const char* kKind = "transform";
  /// Transforms `sample` in place. Must be thread-safe (const); draws randomness only from `rng`.
  /// `step` is the transform's index in its chain, for TransformRecord::step.
  virtual void apply(Sample& sample, Rng& rng, size_t step) const = 0;
  /// True for augmentations (applied in training only).
  virtual bool is_random() const { return false; }
  /// True when apply() appends a TransformRecord and invert() maps predictions back.
  virtual bool invertible() const { return false; }
  /// Maps a volume on this transform's output grid back to its input grid
  /// (`nearest` for label maps). Default: throws Error("not invertible").
  virtual Volume invert(const Volume& volume, const TransformRecord& record, bool nearest) const;
};

}  // namespace ves
