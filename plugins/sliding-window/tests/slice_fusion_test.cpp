// slice_fusion: slices of all three orientations map back to the right voxels (a known volume
// sliced, "predicted" by a model that returns it, and fused, returns itself), the class factor,
// fusion rules, one ensemble per orientation by role, errors.
#include <gtest/gtest.h>

#include <cmath>

#include "ves/api/inferer.hpp"
#include "ves/core/error.hpp"
#include "ves_test/plugin_under_test.hpp"

using Ints = std::vector<int64_t>;

namespace {

// seg_logits = logit(image) (so its sigmoid is the image itself) and one class logit per
// slice; records the slice shapes it saw.
class EchoModel : public ves::Model {
 public:
  explicit EchoModel(double class_logit = 30.0) : class_logit_(class_logit) {}
  torch::nn::Module& module() override { return module_; }
  ves::TensorMap forward(const ves::Batch& batch) override {
    const at::Tensor& x = batch.at("image");
    shapes.push_back(x.sizes().vec());
    for (const auto& item : batch.items) orientations.insert(item.meta_or("orientation", "none"));
    return {{"seg_logits", at::logit(x)}, {"class_logits", at::full({x.size(0), 1}, class_logit_)}};
  }
  std::vector<Ints> shapes;
  std::set<std::string> orientations;

 private:
  double class_logit_;
  torch::nn::Module module_;
};

// Distinct values in (0, 1) on a [1, 5, 6, 7] grid (no two voxels alike, none at 0 or 1).
ves::Sample known_case() {
  ves::Sample s;
  s.case_id = "case_1";
  const at::Tensor values =
      (at::arange(1, 5 * 6 * 7 + 1, at::kDouble) / (5 * 6 * 7 + 1)).to(at::kFloat);
  ves::Geometry g;
  g.spacing = {0.5, 1.0, 2.0};
  g.origin = {3, 4, 5};
  s.volumes["image"] = ves::Volume{values.reshape({1, 5, 6, 7}), g};
  return s;
}

class SliceFusionPlugin : public ::testing::Test {
 protected:
  std::unique_ptr<ves::Inferer> make(const std::string& yaml) {
    return plugin_.make<ves::Inferer>(yaml, "inferer");
  }
  ves_test::PluginUnderTest plugin_;
};

}  // namespace

TEST_F(SliceFusionPlugin, AKnownVolumeSlicedAndFusedReturnsItself) {
  const auto input = known_case();
  const at::Tensor image = input.volume("image").data;
  for (const char* fusion : {"mean", "max", "product"}) {
    EchoModel model;
    auto inferer = make(std::string("{type: slice_fusion, batch_size: 4, fusion: ") + fusion + "}");
    const auto out = inferer->infer({&model}, input);
    for (const char* o : {"prob_axial", "prob_coronal", "prob_sagittal"}) {
      ASSERT_TRUE(out.count(o)) << o;
      EXPECT_TRUE(at::allclose(out.at(o).data, image, 1e-5, 1e-6)) << fusion << " " << o;
    }
    const at::Tensor expected = std::string(fusion) == "product" ? image.pow(3) : image;
    EXPECT_TRUE(at::allclose(out.at("prob").data, expected, 1e-5, 1e-6)) << fusion;
    EXPECT_EQ(out.at("prob").geometry.spacing, input.volume("image").geometry.spacing);
    EXPECT_EQ(model.orientations, (std::set<std::string>{"axial", "coronal", "sagittal"}));
    // Axial slices are [Y, X], coronal [Z, X], sagittal [Z, Y]; 5 + 6 + 7 slices in batches of 4.
    EXPECT_EQ(model.shapes.front(), (Ints{4, 1, 6, 7}));
    EXPECT_EQ(model.shapes.size(), 2u + 2u + 2u);
  }
}

TEST_F(SliceFusionPlugin, MultipliesTheMapByTheSliceClassProbability) {
  const auto input = known_case();
  EchoModel model(/*class_logit=*/0.0);  // P_class = 0.5
  const auto out = make("{type: slice_fusion, orientations: [coronal]}")->infer({&model}, input);
  EXPECT_TRUE(at::allclose(out.at("prob").data, input.volume("image").data * 0.5, 1e-5, 1e-6));
  EXPECT_EQ(out.size(), 1u);  // one orientation: no per-orientation copies
  const auto map_only = make("{type: slice_fusion, orientations: [coronal], class_output: \"\"}")
                            ->infer({&model}, input);
  EXPECT_TRUE(at::allclose(map_only.at("prob").data, input.volume("image").data, 1e-5, 1e-6));
}

TEST_F(SliceFusionPlugin, GivesEachOrientationItsOwnEnsembleByRole) {
  const auto input = known_case();
  EchoModel axial(std::log(1.0)), coronal(30.0), sagittal(30.0);  // axial P_class = 0.5
  auto inferer = make("{type: slice_fusion, fusion: mean}");
  const auto out = inferer->infer_by_role(
      {{"axial", {&axial}}, {"coronal", {&coronal}}, {"sagittal", {&sagittal}}}, input);
  const at::Tensor image = input.volume("image").data;
  EXPECT_TRUE(at::allclose(out.at("prob_axial").data, image * 0.5, 1e-5, 1e-6));
  EXPECT_TRUE(at::allclose(out.at("prob").data, image * (0.5 + 1 + 1) / 3, 1e-5, 1e-6));
  EXPECT_EQ(axial.orientations, (std::set<std::string>{"axial"}));
  EXPECT_EQ(sagittal.shapes.front(), (Ints{7, 1, 5, 6}));

  try {
    inferer->infer_by_role({{"axial", {&axial}}, {"coronal", {&coronal}}}, input);
    FAIL() << "fused without sagittal models";
  } catch (const ves::UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("no models for the sagittal orientation"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(inferer->infer_by_role({{"axial", {&axial}}, {"oblique", {&coronal}}}, input),
               ves::UsageError);
}

TEST_F(SliceFusionPlugin, PredictsAPreCutSliceAsItIs) {
  ves::Sample slice;
  slice.case_id = "slice_9";
  slice.volumes["image"] = ves::Volume{at::full({1, 4, 3}, 0.25f), {}};
  slice.history.push_back(ves::TransformRecord{});  // the preprocess's, inverted by the stage
  EchoModel model;
  const auto out = make("{type: slice_fusion}")->infer({&model}, slice);
  EXPECT_TRUE(at::allclose(out.at("prob").data, at::full({1, 4, 3}, 0.25f), 1e-5, 1e-6));
}

TEST_F(SliceFusionPlugin, NamesAMissingOutputAndABadOrientation) {
  const auto input = known_case();
  EchoModel model;
  try {
    make("{type: slice_fusion, class_output: cls}")->infer({&model}, input);
    FAIL() << "missing output accepted";
  } catch (const ves::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("no output 'cls'"), std::string::npos) << e.what();
  }
  EXPECT_NE(plugin_.error_of<ves::Inferer>("{type: slice_fusion, orientations: [oblique]}")
                .find("orientations"),
            std::string::npos);
}
