// The built plugin through the loader, as vhost uses it: YAML -> transforms -> chains -> invert.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include "test_volumes.hpp"
#include "ves/config/loader.hpp"
#include "ves/core/error.hpp"
#include "ves/engine/transform_chain.hpp"
#include "ves/plugin/loader.hpp"

namespace {

class TransformsPlugin : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto library = std::filesystem::path(VES_TEST_PLUGIN_DIR) /
                         ("libves-" + std::string(VES_PLUGIN_NAME) + ".so");
    const auto record = loader_.load_library(library, registry_);
    ASSERT_TRUE(record.loaded) << record.problem;
    context_.registry = &registry_;
  }

  ves::TransformChain chain(const std::string& yaml) {
    return ves::TransformChain::create(ves::config::parse_yaml(yaml, "test.yaml"), context_,
                                       "preprocess");
  }

  std::string error_of(const std::string& yaml) {
    try {
      chain(yaml);
    } catch (const std::exception& e) {
      return e.what();
    }
    return "no error";
  }

  ves::Registry registry_;
  ves::PluginLoader loader_;
  ves::Context context_;
  ves::Rng rng_{1};
};

ves::Sample case_with_label(const ves::Geometry& geometry) {
  ves::Sample s;
  s.case_id = "case-1";
  at::manual_seed(7);
  const at::Tensor label = at::zeros({1, 6, 7, 8}, at::kLong);
  label.slice(1, 1, 5).slice(2, 2, 6).slice(3, 2, 7).copy_(
      at::randint(0, 3, {1, 4, 4, 5}, at::kLong));
  s.volumes["label"] = ves::Volume{label, geometry};
  s.volumes["image"] = ves::Volume{label.to(at::kFloat) * 100, geometry};
  return s;
}

TEST_F(TransformsPlugin, RegistersEveryTransform) {
  for (const char* name :
       {"resample", "reorient", "normalize", "hu_window", "crop_foreground", "crop_box", "pad_crop",
        "resize", "slice", "remap_labels", "threshold", "connected_components",
        "gaussian_smooth", "concat_channels", "label_boxes"})
    EXPECT_NE(registry_.find("transform", name), nullptr) << name;
}

TEST_F(TransformsPlugin, AChainOfGeometricTransformsInvertsTheLabelMapExactly) {
  ves::Geometry g = ves_test::oblique_geometry();
  g.spacing = {2.0, 2.0, 3.0};
  const ves::Sample original = case_with_label(g);
  ves::Sample s = original;
  const auto transforms = chain(R"(
- {type: reorient, orientation: RAS}
- {type: resample, spacing: [1.5, 1, 1], interpolation: bspline}
- {type: crop_foreground, source: label, margin: 1}
- {type: pad_crop, size: [20, 20, 20]}
)");
  // RAS axes: x <- z (6 x 3 mm), y <- x (8 x 2 mm), z <- y (7 x 2 mm); each resampled to half.
  transforms.apply(s, rng_);
  ASSERT_EQ(s.history.size(), 4u);
  EXPECT_EQ(s.history[1].shape_before, (std::vector<int64_t>{7, 8, 6}));
  EXPECT_EQ(s.history[2].shape_before, (std::vector<int64_t>{14, 16, 12}));
  EXPECT_EQ(s.volume("label").data.sizes(), (std::vector<int64_t>{1, 20, 20, 20}));
  const ves::Volume back = transforms.invert(s.volume("label"), s, true);
  EXPECT_TRUE(at::equal(back.data, original.volume("label").data));
  EXPECT_TRUE(back.geometry.approx_equal(g, 1e-9));
}

TEST_F(TransformsPlugin, ResizeOfASliceInvertsTheLabelExactly) {
  ves::Sample s = case_with_label({});
  const ves::Sample sliced_original = [&] {
    ves::Sample copy = s;
    chain("- {type: slice, orientation: coronal, index: 3}").apply(copy, rng_);
    return copy;
  }();
  const auto transforms = chain(R"(
- {type: slice, orientation: coronal, index: 3}
- {type: resize, size: [32, 32]}
)");
  transforms.apply(s, rng_);
  EXPECT_EQ(s.meta.at("orientation"), "coronal");
  EXPECT_EQ(s.meta.at("slice_index"), "3");
  EXPECT_EQ(s.volume("image").data.sizes(), (std::vector<int64_t>{1, 32, 32}));
  // 8 x 6 (x, z) scaled by 4 to 32 x 24, padded by 4 rows on each side.
  EXPECT_EQ(s.volume("label").data.slice(1, 0, 4).abs().sum().item<int64_t>(), 0);
  const ves::Volume back = transforms.invert(s.volume("label"), s, true);
  EXPECT_TRUE(at::equal(back.data, sliced_original.volume("label").data));
}

TEST_F(TransformsPlugin, CropBoxThenInvertPutsTheBoxBackAmongZeros) {
  const ves::Sample original = case_with_label({});
  ves::Sample s = original;
  const auto transforms = chain("- {type: crop_box, start: [2, 1, -1], size: [4, 5, 3]}");
  transforms.apply(s, rng_);
  const at::Tensor label = original.volume("label").data;
  EXPECT_TRUE(at::equal(s.volume("label").data.slice(1, 1, 3),
                        label.slice(1, 0, 2).slice(2, 1, 6).slice(3, 2, 6)));
  EXPECT_EQ(s.volume("label").data[0][0].abs().sum().item<int64_t>(), 0);  // z = -1 is padding
  const ves::Volume back = transforms.invert(s.volume("label"), s, true);
  const at::Tensor inside = at::zeros_like(label, at::kBool);
  inside.slice(1, 0, 2).slice(2, 1, 6).slice(3, 2, 6).fill_(true);
  EXPECT_TRUE(at::equal(back.data, label * inside));
}

TEST_F(TransformsPlugin, RecipeCPreprocessingGivesZeroMeanUnitVarianceInsideTheBrain) {
  ves::Geometry g;
  g.spacing = {2.0, 2.0, 2.0};
  ves::Sample s = case_with_label(g);
  s.volumes.erase("label");  // inference: no label; the label key is skipped
  chain(R"(
- {type: resample, spacing: [1, 1, 1]}
- {type: normalize, lower: 0.5, upper: 99.5, nonzero: true}
)")
      .apply(s, rng_);
  const at::Tensor image = s.volume("image").data;
  EXPECT_EQ(image.sizes(), (std::vector<int64_t>{1, 12, 14, 16}));
  const at::Tensor inside = image.masked_select(image != 0);
  EXPECT_NEAR(inside.mean().item<double>(), 0.0, 1e-4);
  EXPECT_NEAR(inside.std(false).item<double>(), 1.0, 1e-3);
}

TEST_F(TransformsPlugin, ThresholdThenComponentsDropsSmallLesionsByVolumeInMillilitres) {
  ves::Geometry g;
  g.spacing = {10.0, 10.0, 10.0};  // 1 mL per voxel
  ves::Sample s;
  s.case_id = "case-2";
  at::Tensor prob = at::zeros({1, 4, 4, 4});
  prob[0][0][0].slice(0, 0, 3).fill_(0.8);  // 3 voxels
  prob[0][3][3][3] = 0.9;                   // 1 voxel
  s.volumes["prob"] = ves::Volume{prob, g};
  chain(R"(
- {type: threshold, threshold: 0.5}
- {type: connected_components, min_volume_ml: 2.5}
)")
      .apply(s, rng_);
  const at::Tensor mask = s.volume("mask").data;
  EXPECT_EQ(mask.scalar_type(), at::kByte);
  EXPECT_EQ(mask.sum().item<int64_t>(), 3);
  EXPECT_EQ(mask[0][3][3][3].item<uint8_t>(), 0);
}

TEST_F(TransformsPlugin, WindowsAndRemappingWorkFromYaml) {
  ves::Sample s;
  s.case_id = "case-3";
  s.volumes["image"] =
      ves::Volume{at::tensor(std::vector<float>{-1000.f, 0, 250, 2000}).view({1, 1, 1, 4}), {}};
  s.volumes["label"] = ves::Volume{at::tensor({0, 1, 2, 3}, at::kLong).view({1, 1, 1, 4}), {}};
  chain(R"(
- {type: hu_window}
- {type: remap_labels, mapping: {2: 1, 3: 0}}
)")
      .apply(s, rng_);
  EXPECT_EQ(s.volume("image").channels(), 3);
  EXPECT_TRUE(at::equal(s.volume("label").data.flatten(), at::tensor({0, 1, 1, 0}, at::kLong)));
}

TEST_F(TransformsPlugin, GaussianSmoothSpreadsAPointBySigmaInMillimetresAlongEveryAxis) {
  // A unit impulse on a grid of 0.5 x 1 x 2 mm: sigma 2 mm is 4, 2 and 1 voxels. The smoothed
  // impulse keeps its mass and has variance sigma^2 = 4 mm^2 along every axis.
  ves::Geometry g;
  g.spacing = {0.5, 1.0, 2.0};
  ves::Sample s;
  s.case_id = "impulse";
  at::Tensor error = at::zeros({1, 21, 21, 41});
  error[0][10][10][20] = 1.0f;
  s.volumes["error"] = ves::Volume{error, g};
  s.volumes["image"] = ves::Volume{at::full({1, 21, 21, 41}, 3.0f), g};
  chain("[{type: gaussian_smooth, sigma_mm: 2.0, keys: [error, image]}]").apply(s, rng_, false);
  const at::Tensor out = s.volume("error").data[0].to(at::kDouble);
  EXPECT_NEAR(out.sum().item<double>(), 1.0, 1e-3);
  const std::array<int64_t, 3> dims{2, 1, 0};  // x, y, z in [Z, Y, X]
  for (int axis = 0; axis < 3; ++axis) {
    std::vector<int64_t> others;
    for (int64_t d = 0; d < 3; ++d)
      if (d != dims[axis]) others.push_back(d);
    const at::Tensor line = out.sum(others);
    const at::Tensor mm =
        (at::arange(line.size(0), at::kDouble) - line.size(0) / 2) * g.spacing[axis];
    const double variance = (line * mm * mm).sum().item<double>() / line.sum().item<double>();
    EXPECT_NEAR(variance, 4.0, 0.04) << "axis " << axis;
  }
  // A constant stays itself, edges included (zero-flux boundaries).
  EXPECT_NEAR((s.volume("image").data - 3.0f).abs().max().item<double>(), 0.0, 1e-4);
  EXPECT_NE(error_of("[{type: gaussian_smooth, sigma_mm: 0}]").find("sigma_mm"),
            std::string::npos);
}

TEST_F(TransformsPlugin, ConcatChannelsStacksVolumesOfOneGridInOrder) {
  ves::Geometry g;
  g.spacing = {1.0, 1.0, 2.0};
  ves::Sample s;
  s.case_id = "c1";
  s.volumes["image"] = ves::Volume{at::full({1, 2, 3, 4}, 5.0f), g};
  s.volumes["error"] = ves::Volume{at::full({2, 2, 3, 4}, 7.0f), g};
  chain("[{type: concat_channels, keys: [image, error], into: stacked}]").apply(s, rng_, false);
  EXPECT_FALSE(s.has_volume("image"));
  EXPECT_FALSE(s.has_volume("error"));
  const ves::Volume& stacked = s.volume("stacked");
  ASSERT_EQ(stacked.data.sizes(), (std::vector<int64_t>{3, 2, 3, 4}));
  EXPECT_EQ(stacked.data[0].mean().item<float>(), 5.0f);
  EXPECT_EQ(stacked.data[2].mean().item<float>(), 7.0f);
  EXPECT_TRUE(stacked.geometry.approx_equal(g));

  ves::Sample shifted;
  shifted.case_id = "c2";
  shifted.volumes["image"] = ves::Volume{at::zeros({1, 2, 3, 4}), g};
  ves::Geometry moved = g;
  moved.origin[0] = 10.0;
  shifted.volumes["error"] = ves::Volume{at::zeros({1, 2, 3, 4}), moved};
  try {
    chain("[{type: concat_channels, keys: [image, error]}]").apply(shifted, rng_, false);
    FAIL() << "grids differ";
  } catch (const ves::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("case c2: concat_channels needs 'image' and 'error'"),
              std::string::npos)
        << e.what();
  }
}

TEST_F(TransformsPlugin, LabelBoxesTurnEachLesionIntoItsBoundingBoxGrownByTheMargin) {
  // Two lesions on a 1 x 1 x 2 mm grid: an L-shape and a single voxel; margin 2 mm = 2 voxels
  // in x and y, 1 in z.
  ves::Geometry g;
  g.spacing = {1.0, 1.0, 2.0};
  at::Tensor label = at::zeros({1, 6, 12, 12}, at::kLong);
  label[0][2][3][3] = 1;
  label[0][2][3][4] = 1;
  label[0][2][4][3] = 1;
  label[0][3][4][3] = 1;
  label[0][5][10][11] = 2;
  ves::Sample s;
  s.case_id = "c";
  s.volumes["label"] = ves::Volume{label, g};
  chain("[{type: label_boxes, margin_mm: 2.0}]").apply(s, rng_, false);
  const at::Tensor out = s.volume("label").data;
  EXPECT_EQ(out.scalar_type(), at::kLong);
  at::Tensor expected = at::zeros({1, 6, 12, 12}, at::kLong);
  expected.slice(1, 1, 5).slice(2, 1, 7).slice(3, 1, 7).fill_(1);    // z 2..3, y 3..4, x 3..4
  expected.slice(1, 4, 6).slice(2, 8, 12).slice(3, 9, 12).fill_(1);  // clipped at the grid edge
  EXPECT_TRUE(at::equal(out, expected));
}

TEST_F(TransformsPlugin, ReportsBadParametersAtTheirLine) {
  EXPECT_NE(error_of("- type: resample\n  spacing: [1, -1, 1]\n").find("test.yaml:2:"),
            std::string::npos);
  EXPECT_NE(error_of("- type: reorient\n  orientation: RAR\n").find("orientation"),
            std::string::npos);
  EXPECT_NE(error_of("- type: hu_window\n  windows: [[300, -200]]\n").find("windows"),
            std::string::npos);
  EXPECT_NE(error_of("- type: connected_components\n  connectivity: 8\n").find("6, 18 or 26"),
            std::string::npos);
  EXPECT_NE(error_of("- type: remap_labels\n  mapping: {a: 1}\n").find("mapping"),
            std::string::npos);
}

TEST_F(TransformsPlugin, NamesTheCaseWhenAnImageIsMissing) {
  ves::Sample s;
  s.case_id = "case-9";
  s.volumes["label"] = ves::Volume{at::zeros({1, 2, 2, 2}), {}};
  try {
    chain("- {type: resample}").apply(s, rng_);
    FAIL() << "expected an error";
  } catch (const ves::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("case-9"), std::string::npos) << e.what();
  }
}

TEST_F(TransformsPlugin, NamesTheCaseAndTransformWhenASliceIndexIsOutOfRange) {
  ves::Sample s = case_with_label({});
  try {
    chain("- {type: slice, orientation: axial, index: 6}").apply(s, rng_);
    FAIL() << "expected an error";
  } catch (const ves::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("case case-1: slice: axial slice 6 is out of range"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
