#pragma once
// A Sample is one case (or one patch/slice of it) moving through readers, transforms and models.
#include <map>
#include <string>
#include <vector>

#include "ves/core/tensor_map.hpp"
#include "ves/core/volume.hpp"

namespace ves {

/// What an invertible transform remembers so a prediction can go back to the input grid.
struct TransformRecord {
  size_t step = 0;                    ///< index of the transform in its TransformChain
  Geometry geometry_before;           ///< grid before the transform
  std::vector<int64_t> shape_before;  ///< spatial shape [Z, Y, X] (or [Y, X]) before it
  ScalarMap values;                   ///< transform-specific numbers (crop offsets, flip axes...)
};

/// One case: named volumes ("image", "label", "prob", "error_map"...), scalar targets,
/// string metadata, and the record of invertible transforms applied so far.
struct Sample {
  std::string case_id;     ///< unique within the dataset
  std::string subject_id;  ///< patient; splits never put one subject in two folds
  std::map<std::string, Volume> volumes;
  ScalarMap scalars;                        ///< e.g. {"fracture": 1}
  std::map<std::string, std::string> meta;  ///< e.g. {"vertebra": "L1", "orientation": "axial"}
  std::vector<TransformRecord> history;     ///< appended by invertible transforms

  /// The named volume; throws DataError naming the case when absent.
  Volume& volume(const std::string& name);
  const Volume& volume(const std::string& name) const;
  bool has_volume(const std::string& name) const { return volumes.count(name) > 0; }
  /// Metadata value or `fallback` when absent.
  std::string meta_or(const std::string& key, const std::string& fallback) const;
};

}  // namespace ves
