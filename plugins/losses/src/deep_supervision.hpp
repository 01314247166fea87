#pragma once
// Deep supervision (nnU-Net): the main output plus "<output>_ds1", "_ds2", ... at lower
// resolutions, weighted 1/2^k and normalised to sum to 1.
#include <ATen/core/Tensor.h>

#include <string>
#include <vector>

#include "ves/core/tensor_map.hpp"

namespace ves::losses {

/// One resolution to supervise: the output's name and its weight.
struct SupervisionLevel {
  std::string output;
  double weight = 1.0;
};

/// The main output alone (weight 1) when !enabled or no "<output>_ds1" exists; otherwise it and
/// every consecutive "<output>_dsK" present, weights 1/2^k normalised to sum to 1.
std::vector<SupervisionLevel> supervision_levels(const TensorMap& outputs,
                                                 const std::string& output, bool enabled);

/// Nearest-neighbour resize of a [B, C, ...] tensor to the spatial `size`, in any number of
/// spatial dims and any dtype. Source index floor(i * in / out), as torch's "nearest" interpolate.
at::Tensor resize_nearest(const at::Tensor& tensor, at::IntArrayRef size);

}  // namespace ves::losses
