// The `slice_fusion` inferer component: per-orientation ensembles (by role or shared), the
// per-slice transforms, the fused map and one map per orientation.
#include <fmt/format.h>

#include "prediction.hpp"
#include "slice_fusion.hpp"
#include "ves/api/inferer.hpp"
#include "ves/core/error.hpp"
#include "ves/plugin/registry.hpp"

namespace ves::sliding_window {

namespace {

class SliceFusionInferer final : public Inferer {
 public:
  SliceFusionInferer(SliceFusionOptions options, TransformChain slice_transforms)
      : options_(std::move(options)), slice_transforms_(std::move(slice_transforms)) {}

  // Every model predicts every orientation (one model trained on all of them).
  std::map<std::string, Volume> infer(const std::vector<Model*>& models,
                                      const Sample& input) const override {
    if (models.empty()) throw UsageError("slice_fusion needs at least one model");
    return run(input, [&](SliceOrientation) -> const std::vector<Model*>& { return models; });
  }

  // One ensemble per orientation, by role name ("axial", "coronal", "sagittal").
  std::map<std::string, Volume> infer_by_role(
      const std::map<std::string, std::vector<Model*>>& models,
      const Sample& input) const override {
    std::string roles;
    for (const auto& [role, ensemble] : models) {
      roles += (roles.empty() ? "" : ", ") + role;
      bool known = false;
      for (auto o : options_.orientations) known = known || slice_orientation_name(o) == role;
      if (!known)
        throw UsageError(
            fmt::format("slice_fusion: models for '{}', which is not one of its "
                        "orientations; name the roles of `from:` after them",
                        role));
    }
    for (auto o : options_.orientations)
      if (!models.count(slice_orientation_name(o)) || models.at(slice_orientation_name(o)).empty())
        throw UsageError(
            fmt::format("slice_fusion: no models for the {} orientation (`from:` "
                        "gives {}); add {}: <its train stage>",
                        slice_orientation_name(o), roles, slice_orientation_name(o)));
    return run(input, [&](SliceOrientation o) -> const std::vector<Model*>& {
      return models.at(slice_orientation_name(o));
    });
  }

 private:
  using ModelsFor = std::function<const std::vector<Model*>&(SliceOrientation)>;

  std::map<std::string, Volume> run(const Sample& input, const ModelsFor& models_for) const {
    const Volume& image = input.volume(options_.input);
    const SliceBatchPredictor predict = [&](Model& model, const at::Tensor& slices,
                                            const std::vector<Sample>& items) {
      Batch batch;
      batch.tensors[options_.input] = slices.to(model_device(model, slices.device()));
      for (const auto& item : items) {
        Sample light = item;
        light.volumes.clear();
        batch.items.push_back(std::move(light));
      }
      const TensorMap outputs = model.forward(batch);
      return slice_probabilities(outputs, options_, slices.size(0),
                                 {slices.size(2), slices.size(3)}, input.case_id);
    };
    if (image.spatial_dims() == 2) {  // a pre-cut slice: the map of the slice itself
      Sample slice = input;
      slice.volumes = {{options_.input, image}};
      slice.history.clear();  // only the slice transforms are inverted here, not the preprocess
      Rng unused(0);
      slice_transforms_.apply(slice, unused, false);
      const Volume& shown = slice.volume(options_.input);
      at::Tensor sum;
      const auto& models = models_for(options_.orientations.front());
      for (Model* model : models) {
        const at::Tensor p =
            predict(*model, shown.data.to(at::kFloat).unsqueeze(0), {slice})[0].cpu();
        sum = sum.defined() ? sum + p : p;
      }
      return {
          {options_.result,
           slice_transforms_.invert(
               Volume{sum / static_cast<double>(models.size()), shown.geometry}, slice, false)}};
    }
    if (image.spatial_dims() != 3)
      throw DataError(fmt::format("case {}: slice_fusion needs a 2-D or 3-D volume '{}', got {}",
                                  input.case_id, options_.input, image.describe()));
    std::map<std::string, Volume> out;
    std::vector<at::Tensor> maps;
    for (SliceOrientation o : options_.orientations) {
      maps.push_back(orientation_map(image, input, o, models_for(o), slice_transforms_,
                                     options_.batch_size, predict, options_.input));
      if (options_.orientations.size() > 1)
        out[options_.result + "_" + slice_orientation_name(o)] =
            Volume{maps.back(), image.geometry};
    }
    out[options_.result] = Volume{fuse_maps(maps, options_.fusion), image.geometry};
    return out;
  }

  SliceFusionOptions options_;
  TransformChain slice_transforms_;
};

}  // namespace

void register_slice_fusion(Registry& registry) {
  config::Schema s;
  s.texts("orientations", std::vector<std::string>{"axial", "coronal", "sagittal"},
          "orientations the case is sliced in (axial fixes z, coronal y, sagittal x)");
  s.choice("fusion", "product", {"product", "mean", "max"},
           "how the orientations' maps combine per voxel (recipe A: product)");
  s.components("slice_transforms", "transform",
               "deterministic transforms applied to each slice before the model and inverted on "
               "its prediction, e.g. [{type: resize, size: [256, 256]}], as in training");
  s.text("input", "image", "volume sliced and given to the model (under the same name)");
  s.text("seg_output", "seg_logits", "model output with the map logits, one channel");
  s.text("class_output", "class_logits",
         "model output with one logit per slice, multiplying the map (P = P_seg x P_class); "
         "\"\" = the map alone");
  s.integer("batch_size", 16, "slices per forward pass", 1);
  s.text(
      "result", "prob",
      "name of the fused map; with several orientations each one's map is <result>_<orientation>");
  registry.add<Inferer>(
      "slice_fusion",
      "a 2-D model over every slice of each orientation, P = P_seg x P_class, fused per voxel "
      "(recipe A)",
      s, [](const config::Params& p, const Context& c) {
        SliceFusionOptions o;
        try {
          o.orientations = parse_slice_orientations(p.get_strings("orientations"));
        } catch (const Error& e) {
          throw p.error("orientations", e.what(), "[axial, coronal, sagittal]");
        }
        o.fusion = parse_fusion(p.get_string("fusion"));
        o.input = p.get_string("input");
        o.seg_output = p.get_string("seg_output");
        o.class_output = p.get_string("class_output");
        o.batch_size = p.get_int("batch_size");
        o.result = p.get_string("result");
        return std::make_unique<SliceFusionInferer>(
            std::move(o),
            TransformChain::create(p.node("slice_transforms"), c, "slice_fusion.slice_transforms"));
      });
}

}  // namespace ves::sliding_window
