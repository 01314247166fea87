#pragma once
// Connected components of a binary mask and the post-processing that filters them.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>

namespace ves::transforms {

/// Component labels 1..count of the nonzero voxels of a [Z, Y, X] tensor (0 = background), as
/// int32, numbered in raster order of each component's first voxel. `connectivity` 6 (faces),
/// 18 (faces and edges) or 26 (faces, edges and corners); ITK's ConnectedComponentImageFilter
/// does 6 and 26, a breadth-first search 18 (ITK has no 18-neighbourhood).
struct Components {
  at::Tensor labels;
  int64_t count = 0;
};
Components label_components(const at::Tensor& mask, int connectivity);
/// The breadth-first labelling behind 18-connectivity, usable for 6 and 26 too.
Components label_components_bfs(const at::Tensor& mask, int connectivity);

/// The number summarising a component's probabilities.
enum class ComponentScore { Max, P95, Mean };
/// "max", "p95" or "mean"; throws Error otherwise.
ComponentScore parse_component_score(const std::string& name);

/// Which components survive: first those smaller than `min_voxels` go, then (when a probability
/// map is given) those scoring below `min_score`, then all but the `keep_largest` largest
/// (0 keeps all; ties go to the earlier component).
struct ComponentFilter {
  int connectivity = 26;
  int64_t min_voxels = 0;
  int64_t keep_largest = 0;
  ComponentScore score = ComponentScore::Max;
  double min_score = 0.0;
};

/// `mask` ([Z, Y, X]) with the voxels of dropped components set to 0; dtype kept. `prob` is a
/// [Z, Y, X] probability map, or undefined when no score filter applies.
at::Tensor filter_components(const at::Tensor& mask, const at::Tensor& prob,
                             const ComponentFilter& filter);

}  // namespace ves::transforms
