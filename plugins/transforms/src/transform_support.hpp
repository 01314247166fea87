#pragma once
// What the transform adapters share: which volumes they touch, and their TransformRecords.
#include <array>
#include <string>
#include <vector>

#include "region.hpp"
#include "ves/api/transform.hpp"
#include "ves/config/params.hpp"
#include "ves/core/sample.hpp"

namespace ves::transforms {

/// Base of this plugin's transforms: data errors raised by the maths get the case and the
/// transform's name in front, so a user knows which case and step failed.
class CaseTransform : public Transform {
 public:
  explicit CaseTransform(std::string name) : name_(std::move(name)) {}
  void apply(Sample& sample, Rng& rng, size_t step) const final;

 protected:
  const std::string& name() const { return name_; }
  /// The transform itself (deterministic: no Rng).
  virtual void run(Sample& sample, size_t step) const = 0;

 private:
  std::string name_;
};

/// The volumes a transform works on (`keys`), and which of them are label maps (`label_keys`):
/// labels are always interpolated nearest-neighbour and may be absent (there are none at
/// inference); any other key must be present.
class VolumeKeys {
 public:
  explicit VolumeKeys(const config::Params& params);
  /// Declares `keys` (with `default_keys`) and `label_keys` (default [label]).
  static void declare(config::Schema& schema, std::vector<std::string> default_keys);

  /// The configured keys `sample` has, in order; throws DataError naming the case when a
  /// non-label key is missing.
  std::vector<std::string> present(const Sample& sample) const;
  bool is_label(const std::string& key) const;

 private:
  std::vector<std::string> keys_, label_keys_;
};

/// Throws DataError naming the case and `transform` unless every volume in `keys` has the
/// spatial shape of the first (transforms that crop or permute need one grid).
void require_same_grid(const Sample& sample, const std::vector<std::string>& keys,
                       const std::string& transform);
/// A record of `reference`'s grid before transform number `step`.
TransformRecord record_of(const Volume& reference, size_t step);
/// Size (x, y, z) of the grid a record remembers; z = 1 for 2-D.
std::array<int64_t, 3> size_before(const TransformRecord& record);
/// Stores / reads a box start under "start_x", "start_y", "start_z".
void store_start(TransformRecord& record, const Box& box);
std::array<int64_t, 3> stored_start(const TransformRecord& record);
/// Maps a volume on a boxed grid back: the inverse of extract_box(original, {start, size}).
Volume undo_box(const Volume& volume, const std::array<int64_t, 3>& start,
                const TransformRecord& record);
/// An integer list parameter (x, y[, z]) as three values, `fill` for missing entries.
std::array<int64_t, 3> xyz_ints(const config::Params& params, const std::string& name,
                                int64_t fill);

}  // namespace ves::transforms
