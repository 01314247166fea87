// Slice-wise prediction per orientation and the fusion of the orientations.
#include "slice_fusion.hpp"

#include <ATen/ATen.h>
#include <fmt/format.h>

#include "ves/core/error.hpp"
#include "ves/core/rng.hpp"
#include "ves/core/shape_text.hpp"

namespace ves::sliding_window {

Fusion parse_fusion(const std::string& name) {
  if (name == "product") return Fusion::Product;
  if (name == "mean") return Fusion::Mean;
  if (name == "max") return Fusion::Max;
  throw Error("unknown fusion '" + name + "'; use product, mean or max");
}

at::Tensor orientation_map(const Volume& image, const Sample& input, SliceOrientation orientation,
                           const std::vector<Model*>& models,
                           const TransformChain& slice_transforms, int64_t batch_size,
                           const SliceBatchPredictor& predict, const std::string& input_name) {
  const int64_t count = slice_count(image, orientation);
  Volume map{at::zeros({1, image.data.size(1), image.data.size(2), image.data.size(3)}, at::kFloat),
             image.geometry};
  Rng unused(0);
  for (int64_t first = 0; first < count; first += batch_size) {
    const int64_t last = std::min(count, first + batch_size);
    std::vector<Sample> slices;
    std::vector<at::Tensor> tensors;
    for (int64_t index = first; index < last; ++index) {
      Sample slice;
      slice.case_id =
          fmt::format("{}_{}_{:03d}", input.case_id, slice_orientation_name(orientation), index);
      slice.subject_id = input.subject_id;
      slice.meta = input.meta;
      slice.meta["source_case"] = input.case_id;
      slice.meta["orientation"] = slice_orientation_name(orientation);
      slice.meta["slice_index"] = std::to_string(index);
      slice.volumes[input_name] = extract_slice(image, orientation, index);
      slice_transforms.apply(slice, unused, /*with_random=*/false);
      tensors.push_back(slice.volume(input_name).data.to(at::kFloat));
      slices.push_back(std::move(slice));
    }
    const at::Tensor batch = at::stack(tensors);
    at::Tensor sum;
    for (Model* model : models) {
      const at::Tensor p = predict(*model, batch, slices).to(at::kCPU, at::kFloat);
      sum = sum.defined() ? sum + p : p;
    }
    sum = sum / static_cast<double>(models.size());
    for (size_t i = 0; i < slices.size(); ++i) {
      const Volume& shown = slices[i].volume(input_name);
      const Volume back = slice_transforms.invert(
          Volume{sum[static_cast<int64_t>(i)], shown.geometry}, slices[i], /*nearest=*/false);
      insert_slice(map, back, orientation, first + static_cast<int64_t>(i));
    }
  }
  return map.data;
}

at::Tensor fuse_maps(const std::vector<at::Tensor>& maps, Fusion fusion) {
  if (maps.empty()) throw UsageError("slice_fusion: no orientation to fuse");
  at::Tensor out = maps.front().clone();
  for (size_t i = 1; i < maps.size(); ++i) {
    if (fusion == Fusion::Product)
      out.mul_(maps[i]);
    else if (fusion == Fusion::Mean)
      out.add_(maps[i]);
    else
      out = at::maximum(out, maps[i]);
  }
  if (fusion == Fusion::Mean) out.div_(static_cast<double>(maps.size()));
  return out;
}

at::Tensor slice_probabilities(const TensorMap& outputs, const SliceFusionOptions& options,
                               int64_t batch, const std::vector<int64_t>& slice_size,
                               const std::string& case_id) {
  auto named = [&](const std::string& name) -> const at::Tensor& {
    const auto found = outputs.find(name);
    if (found == outputs.end())
      throw DataError(
          fmt::format("case {}: the model gives no output '{}' for slice_fusion; set "
                      "seg_output / class_output (class_output: \"\" for a map only)",
                      case_id, name));
    return found->second;
  };
  const at::Tensor& seg = named(options.seg_output);
  if (seg.dim() != 4 || seg.size(0) != batch || seg.size(1) != 1 ||
      seg.sizes().slice(2) != at::IntArrayRef(slice_size))
    throw DataError(fmt::format(
        "case {}: output {} has shape {}; slice_fusion needs one map "
        "channel per slice, [{}, 1, {}, {}]",
        case_id, options.seg_output, shape_text(seg), batch, slice_size[0], slice_size[1]));
  at::Tensor p = at::sigmoid(seg.to(at::kFloat));
  if (options.class_output.empty()) return p;
  const at::Tensor& cls = named(options.class_output);
  if (cls.numel() != batch)
    throw DataError(
        fmt::format("case {}: output {} has shape {}; slice_fusion needs one class "
                    "logit per slice, [{}, 1]",
                    case_id, options.class_output, shape_text(cls), batch));
  return p * at::sigmoid(cls.to(at::kFloat)).reshape({batch, 1, 1, 1});
}

}  // namespace ves::sliding_window
