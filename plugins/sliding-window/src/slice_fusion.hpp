#pragma once
// Slice-wise prediction of a 3-D case with a 2-D model, fused over orientations (recipe A):
// every slice of each orientation goes through per-slice transforms (e.g. resize to the model's
// input) and the model; per slice P = P_seg x P_class; the per-orientation maps are fused per
// voxel (product, mean or max) into one 3-D probability map on the case's grid.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "ves/api/model.hpp"
#include "ves/core/sample.hpp"
#include "ves/core/slicing.hpp"
#include "ves/engine/transform_chain.hpp"
#include "ves/plugin/registry.hpp"

namespace ves::sliding_window {

enum class Fusion { Product, Mean, Max };

/// "product", "mean" or "max"; throws Error otherwise.
Fusion parse_fusion(const std::string& name);

struct SliceFusionOptions {
  std::vector<SliceOrientation> orientations{SliceOrientation::Axial, SliceOrientation::Coronal,
                                             SliceOrientation::Sagittal};
  Fusion fusion = Fusion::Product;
  std::string input = "image";                ///< volume sliced and given to the model
  std::string seg_output = "seg_logits";      ///< 1-channel map logits [B, 1, H, W]
  std::string class_output = "class_logits";  ///< slice logits [B, 1]; empty = map only
  int64_t batch_size = 16;                    ///< slices per forward pass
  std::string result = "prob";                ///< the fused map; also <result>_<orientation>
};

/// Probabilities [1, spatial...] of one batch of slices [B, C, H', W'] (after the per-slice
/// transforms) for one model: P_seg x P_class per slice, [B, 1, H', W'].
using SliceBatchPredictor = std::function<at::Tensor(Model& model, const at::Tensor& slices,
                                                     const std::vector<Sample>& items)>;

/// The probability map [1, Z, Y, X] of `image` in one orientation: each slice through
/// `slice_transforms`, `predict` averaged over `models`, the result inverted back to the slice's
/// grid and written at its place.
at::Tensor orientation_map(const Volume& image, const Sample& input, SliceOrientation orientation,
                           const std::vector<Model*>& models,
                           const TransformChain& slice_transforms, int64_t batch_size,
                           const SliceBatchPredictor& predict, const std::string& input_name);

/// Per voxel: the product, mean or max of `maps` (same shape).
at::Tensor fuse_maps(const std::vector<at::Tensor>& maps, Fusion fusion);

/// P_seg x P_class of a model's outputs for a batch of slices (sigmoids; one channel each).
/// Throws DataError naming the case when an output is missing or shaped wrongly.
at::Tensor slice_probabilities(const TensorMap& outputs, const SliceFusionOptions& options,
                               int64_t batch, const std::vector<int64_t>& slice_size,
                               const std::string& case_id);

/// Registers the `slice_fusion` inferer.
void register_slice_fusion(Registry& registry);

}  // namespace ves::sliding_window
