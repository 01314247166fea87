#pragma once
// Voxel-wise statistics of a map over reference cases (e.g. the reconstruction error of normal
// training vertebrae), to standardise every case's map: (map - mean) / (std + epsilon). Errors
// that normal anatomy always has at a place (edges an autoencoder blurs) then stop looking
// anomalous. Needs cases of one grid size (fixed-size crops).
#include <ATen/core/Tensor.h>

#include <string>

#include "ves/core/volume.hpp"

namespace ves::stages {

class VoxelReference {
 public:
  /// Adds one reference case's map; throws DataError naming `case_id` when its shape differs
  /// from the first one's.
  void add(const Volume& map, const std::string& case_id);
  int64_t count() const { return count_; }
  /// Mean and (population) standard deviation per voxel, with the first map's geometry.
  Volume mean() const;
  Volume std() const;
  /// (map - mean) / (std + epsilon); throws DataError naming `case_id` on a shape mismatch.
  at::Tensor standardized(const at::Tensor& map, double epsilon, const std::string& case_id) const;

 private:
  void require_shape(const at::Tensor& map, const std::string& case_id) const;

  at::Tensor sum_, sum_squares_;   // float64
  mutable at::Tensor mean_, std_;  // computed once after the last add(), for standardized()
  Geometry geometry_;
  std::string first_case_;
  int64_t count_ = 0;
};

}  // namespace ves::stages
