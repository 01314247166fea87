#pragma once
// A Batch is samples stacked along a new first dimension, keeping each sample's metadata.
#include <vector>

#include "ves/core/sample.hpp"

namespace ves {

/// Stacked tensors by name ([B, C, ...] for volumes, [B] for scalars) plus per-item info.
struct Batch {
  TensorMap tensors;          ///< "image" -> [B,C,Z,Y,X], "fracture" -> [B], ...
  std::vector<Sample> items;  ///< the samples without their volume data (geometry, meta kept)

  int64_t size() const { return static_cast<int64_t>(items.size()); }
  /// The named tensor; throws Error listing the available names when absent.
  const at::Tensor& at(const std::string& name) const;
  bool has(const std::string& name) const { return tensors.count(name) > 0; }
  /// Moves every tensor to `device` (non-blocking where possible).
  Batch to(const at::Device& device) const;

  /// Stacks samples; all must have the same volume names, shapes and scalar names.
  /// Throws DataError naming the first case that differs.
  static Batch collate(std::vector<Sample> samples);
};

}  // namespace ves
