// The components as a pipeline builds them: from YAML, through the built plugin library.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <thread>

#include "ves/api/transform.hpp"
#include "ves/config/loader.hpp"
#include "ves/core/error.hpp"
#include "ves/engine/transform_chain.hpp"
#include "ves/plugin/loader.hpp"

namespace {

class AugmentPlugin : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto library = std::filesystem::path(VES_TEST_PLUGIN_DIR) /
                         ("libves-" + std::string(VES_PLUGIN_NAME) + ".so");
    const auto record = loader_.load_library(library, registry_);
    ASSERT_TRUE(record.loaded) << record.problem;
    context_.registry = &registry_;
    context_.seed = 1234;
  }

  std::unique_ptr<ves::Transform> make(const std::string& yaml) {
    return registry_.create<ves::Transform>(ves::config::parse_yaml(yaml, "test.yaml"), context_,
                                            "transform");
  }

  static ves::Sample apply(const ves::Transform& t, ves::Sample sample, uint64_t seed) {
    ves::Rng rng(seed);
    t.apply(sample, rng, 0);
    return sample;
  }

  ves::Registry registry_;
  ves::PluginLoader loader_;
  ves::Context context_;
};

// A 2-channel image and a label on a 3-D grid, both with one marked voxel.
ves::Sample marked_sample(int64_t z = 6, int64_t y = 8, int64_t x = 10) {
  ves::Sample s;
  s.case_id = "case_1";
  auto image = at::zeros({2, z, y, x});
  image[0][1][2][3] = 5.0f;
  image[1][1][2][3] = 7.0f;
  auto label = at::zeros({1, z, y, x}, at::kByte);
  label[0][1][2][3] = 2;
  s.volumes["image"] = ves::Volume{image, {}};
  s.volumes["label"] = ves::Volume{label, {}};
  return s;
}

// A bright cube in the image and the same cube as label 1, off-centre, on a 32^3 grid.
ves::Sample cube_sample() {
  ves::Sample s;
  s.case_id = "cube";
  auto image = at::zeros({1, 32, 32, 32});
  image.narrow(1, 8, 8).narrow(2, 12, 8).narrow(3, 16, 8).fill_(1.0f);
  s.volumes["image"] = ves::Volume{image, {}};
  s.volumes["label"] = ves::Volume{(image > 0.5).to(at::kLong), {}};
  return s;
}

// The cube's label with a random image (so that gamma, blur and noise all have work to do).
ves::Sample textured_sample() {
  ves::Sample s = cube_sample();
  s.volumes["image"].data = at::rand({2, 32, 32, 32}, at::make_generator<at::CPUGeneratorImpl>(8));
  return s;
}

std::array<double, 3> centroid(const at::Tensor& weights) {
  const auto w = weights.to(at::kDouble).squeeze(0);
  const double total = w.sum().item<double>();
  std::array<double, 3> c{};
  for (int64_t d = 0; d < 3; ++d) {
    const auto idx = at::arange(w.size(d), at::kDouble);
    std::vector<int64_t> shape{1, 1, 1};
    shape[static_cast<size_t>(d)] = w.size(d);
    c[static_cast<size_t>(d)] = (w * idx.view(shape)).sum().item<double>() / total;
  }
  return c;
}

}  // namespace

TEST_F(AugmentPlugin, RegistersEveryAugmentationAsRandom) {
  for (const char* name : {"flip", "spatial", "intensity_scale", "intensity_shift",
                           "brightness_contrast", "gamma", "gaussian_noise", "gaussian_blur"}) {
    EXPECT_TRUE(make(std::string("type: ") + name + "\n")->is_random()) << name;
  }
}

TEST_F(AugmentPlugin, FlipMovesImageAndLabelToTheHandComputedVoxel) {
  const auto t = make("type: flip\naxis_p: [1, 0, 1]\n");
  const auto out = apply(*t, marked_sample(), 1);
  // x: 3 -> 10 - 1 - 3 = 6; z: 1 -> 6 - 1 - 1 = 4; y stays 2.
  EXPECT_EQ(out.volume("image").data[0][4][2][6].item<float>(), 5.0f);
  EXPECT_EQ(out.volume("image").data[1][4][2][6].item<float>(), 7.0f);
  EXPECT_EQ(out.volume("label").data[0][4][2][6].item<uint8_t>(), 2);
  EXPECT_EQ(out.volume("image").data.sum().item<float>(), 12.0f);
  EXPECT_EQ(out.volume("label").data.scalar_type(), at::kByte);
}

TEST_F(AugmentPlugin, SpatialFlipIsExactAndMatchesTheFlipTransform) {
  const auto spatial = make("type: spatial\nflip_p: [1, 1, 0]\n");
  const auto flip = make("type: flip\naxis_p: [1, 1, 0]\n");
  const auto a = apply(*spatial, marked_sample(), 1);
  const auto b = apply(*flip, marked_sample(), 1);
  EXPECT_TRUE(at::equal(a.volume("image").data, b.volume("image").data));
  EXPECT_TRUE(at::equal(a.volume("label").data, b.volume("label").data));
  EXPECT_EQ(a.volume("label").data[0][1][5][6].item<uint8_t>(), 2);
}

TEST_F(AugmentPlugin, SpatialQuarterTurnAboutZEqualsRot90OfImageAndLabel) {
  ves::Sample s;
  s.case_id = "asymmetric";
  const auto image = at::arange(2 * 4 * 6 * 6, at::kFloat).view({2, 4, 6, 6}).sqrt();
  const auto label = (at::arange(4 * 6 * 6).view({1, 4, 6, 6}) % 3).to(at::kInt);
  s.volumes["image"] = ves::Volume{image, {}};
  s.volumes["label"] = ves::Volume{label, {}};
  const auto t = make("type: spatial\nrotate_z: [90, 90]\npadding: border\n");
  const auto out = apply(*t, s, 9);
  EXPECT_TRUE(at::allclose(out.volume("image").data, at::rot90(image, 1, {3, 2}), 1e-5, 1e-4));
  EXPECT_TRUE(at::equal(out.volume("label").data, at::rot90(label, 1, {3, 2})));
}

TEST_F(AugmentPlugin, RotationAndScaleKeepLabelValuesAndImageLabelAlignment) {
  const auto t = make(
      "type: spatial\nrotate_x: [-15, 15]\nrotate_y: [-15, 15]\nrotate_z: [-15, 15]\n"
      "scale: [0.9, 1.1]\ntranslate: [0.05, 0.05, 0.05]\n");
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    const auto out = apply(*t, cube_sample(), seed);
    const auto& label = out.volume("label").data;
    EXPECT_EQ(label.scalar_type(), at::kLong);
    const auto values = std::get<0>(at::_unique(label));
    for (int64_t i = 0; i < values.numel(); ++i) {
      const auto v = values[i].item<int64_t>();
      EXPECT_TRUE(v == 0 || v == 1) << v;
    }
    EXPECT_GT(label.sum().item<int64_t>(), 300);
    const auto image_centre = centroid(out.volume("image").data);
    const auto label_centre = centroid(label);
    for (size_t d = 0; d < 3; ++d) {
      EXPECT_NEAR(image_centre[d], label_centre[d], 1.0) << "seed " << seed << " axis " << d;
    }
  }
}

TEST_F(AugmentPlugin, ProbabilityZeroLeavesTheSampleUnchangedAndOneChangesIt) {
  for (const std::string body :
       {"spatial\nrotate_z: [5, 10]", "flip\naxis_p: [1, 1, 1]", "intensity_scale",
        "intensity_shift", "brightness_contrast\ncontrast: [1.2, 1.3]", "gamma\nrange: [1.5, 2]",
        "gaussian_noise\nstd: [0.1, 0.1]", "gaussian_blur"}) {
    const auto sample = textured_sample();
    const auto never = make("type: " + body + "\np: 0\n");
    const auto always = make("type: " + body + "\np: 1\n");
    const auto a = apply(*never, sample, 3);
    const auto b = apply(*always, sample, 3);
    EXPECT_TRUE(at::equal(a.volume("image").data, sample.volume("image").data)) << body;
    EXPECT_FALSE(at::equal(b.volume("image").data, sample.volume("image").data)) << body;
  }
}

TEST_F(AugmentPlugin, SameSeedGivesTheSameResultAndAnotherSeedAnother) {
  const std::string chain[] = {
      "type: spatial\nflip_p: [0.5, 0.5, 0.5]\nrotate_z: [-15, 15]\nscale: [0.9, 1.1]\n",
      "type: gaussian_noise\nstd: [0.05, 0.1]\n", "type: gamma\n", "type: gaussian_blur\n",
      "type: intensity_scale\nper_channel: true\n"};
  for (const auto& yaml : chain) {
    const auto t = make(yaml);
    const auto a = apply(*t, textured_sample(), 21);
    const auto b = apply(*t, textured_sample(), 21);
    const auto c = apply(*t, textured_sample(), 22);
    EXPECT_TRUE(at::equal(a.volume("image").data, b.volume("image").data)) << yaml;
    EXPECT_TRUE(at::equal(a.volume("label").data, b.volume("label").data)) << yaml;
    EXPECT_FALSE(at::equal(a.volume("image").data, c.volume("image").data)) << yaml;
  }
}

TEST_F(AugmentPlugin, IntensityTransformsNeverTouchLabels) {
  for (const char* name : {"intensity_scale", "intensity_shift", "brightness_contrast", "gamma",
                           "gaussian_noise", "gaussian_blur"}) {
    const auto sample = cube_sample();
    const auto out = apply(*make(std::string("type: ") + name + "\n"), sample, 5);
    EXPECT_TRUE(at::equal(out.volume("label").data, sample.volume("label").data)) << name;
  }
}

TEST_F(AugmentPlugin, SameForSlicesGivesEverySliceOfAVolumeTheSameGeometry) {
  const auto t = make(
      "type: spatial\nsame_for_slices: true\nflip_p: [0.5, 0.5]\nrotate_z: [-45, 45]\n"
      "scale: [0.8, 1.2]\ntranslate: [20, 20]\ntranslate_units: voxels\n");
  const auto pattern = at::rand({1, 32, 32});
  auto slice = [&](const std::string& id, const std::string& source, const std::string& epoch) {
    ves::Sample s;
    s.case_id = id;
    s.meta = {{"source_case", source}, {"orientation", "axial"}, {"epoch", epoch}};
    s.volumes["image"] = ves::Volume{pattern.clone(), {}};
    return s;
  };
  // Different slices, different caller streams: one volume, one epoch -> one geometry.
  const auto a = apply(*t, slice("v1_z10", "v1", "0"), 1);
  const auto b = apply(*t, slice("v1_z11", "v1", "0"), 2);
  const auto next_epoch = apply(*t, slice("v1_z10", "v1", "1"), 1);
  const auto other_volume = apply(*t, slice("v2_z10", "v2", "0"), 1);
  EXPECT_TRUE(at::equal(a.volume("image").data, b.volume("image").data));
  EXPECT_FALSE(at::equal(a.volume("image").data, next_epoch.volume("image").data));
  EXPECT_FALSE(at::equal(a.volume("image").data, other_volume.volume("image").data));
  // Without an epoch the transform refuses rather than repeat the same draw every epoch.
  ves::Sample missing = slice("v1_z10", "v1", "0");
  missing.meta.erase("epoch");
  ves::Rng rng(1);
  EXPECT_THROW(t->apply(missing, rng, 0), ves::DataError);
}

TEST_F(AugmentPlugin, OutputSizeCutsACentredPatchWithItsGeometry) {
  auto s = cube_sample();
  s.volumes["image"].geometry.spacing = {1, 1, 2};
  s.volumes["label"].geometry.spacing = {1, 1, 2};
  const auto t = make("type: spatial\noutput_size: [24, 20, 16]\nrotate_z: [-10, 10]\np: 0.5\n");
  for (uint64_t seed = 0; seed < 4; ++seed) {  // applied or not, the output has the patch size
    const auto out = apply(*t, s, seed);
    EXPECT_EQ(out.volume("image").data.sizes(), at::IntArrayRef({1, 16, 20, 24}));
    EXPECT_EQ(out.volume("label").data.sizes(), at::IntArrayRef({1, 16, 20, 24}));
    EXPECT_DOUBLE_EQ(out.volume("image").geometry.origin[0], 4.0);
    EXPECT_DOUBLE_EQ(out.volume("label").geometry.origin[2], 16.0);
  }
}

TEST_F(AugmentPlugin, TwoDimensionalSlicesRotateInPlane) {
  ves::Sample s;
  s.case_id = "slice";
  auto image = at::zeros({3, 16, 16});
  image.narrow(1, 2, 4).narrow(2, 10, 4).fill_(1.0f);
  s.volumes["image"] = ves::Volume{image, {}};
  s.volumes["label"] = ves::Volume{(image.narrow(0, 0, 1) > 0).to(at::kByte), {}};
  const auto out = apply(*make("type: spatial\nrotate_z: [90, 90]\n"), s, 1);
  EXPECT_TRUE(at::allclose(out.volume("image").data, at::rot90(image, 1, {2, 1}), 1e-5, 1e-4));
  EXPECT_TRUE(at::equal(out.volume("label").data, at::rot90(s.volume("label").data, 1, {2, 1})));
}

TEST_F(AugmentPlugin, RefusesImageAndLabelOnDifferentGridsNamingTheCase) {
  auto s = cube_sample();
  s.volumes["label"].data = at::zeros({1, 16, 32, 32}, at::kLong);
  try {
    apply(*make("type: spatial\nrotate_z: [5, 5]\n"), s, 1);
    FAIL() << "expected a DataError";
  } catch (const ves::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("cube"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("label"), std::string::npos) << e.what();
  }
}

TEST_F(AugmentPlugin, RejectsAnInvertedRangeWithTheKeyNamed) {
  try {
    make("type: spatial\nscale: [1.1, 0.9]\n");
    FAIL() << "expected an error";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("test.yaml:2:"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("scale"), std::string::npos) << e.what();
  }
  EXPECT_THROW(make("type: gaussian_noise\nstd: [-1, 0.1]\n"), std::exception);
  EXPECT_THROW(make("type: flip\nkeys: [image]\nlabel_keys: [image]\n"), std::exception);
}

TEST_F(AugmentPlugin, SamplesWithoutALabelAreAugmentedAlone) {
  auto s = cube_sample();
  s.volumes.erase("label");
  const auto out = apply(*make("type: spatial\nrotate_z: [10, 10]\n"), s, 1);
  EXPECT_FALSE(at::equal(out.volume("image").data, s.volume("image").data));
}

TEST_F(AugmentPlugin, ConcurrentAppliesGiveTheSequentialResults) {
  const auto spatial = make("type: spatial\nrotate_z: [-15, 15]\nscale: [0.9, 1.1]\n");
  const auto noise = make("type: gaussian_noise\nstd: [0.1, 0.2]\n");
  const auto blur = make("type: gaussian_blur\n");
  auto run = [&](uint64_t seed) {
    ves::Sample s = textured_sample();
    ves::Rng rng(seed);
    spatial->apply(s, rng, 0);
    noise->apply(s, rng, 1);
    blur->apply(s, rng, 2);
    return s;
  };
  std::vector<ves::Sample> sequential, concurrent(4);
  for (uint64_t i = 0; i < 4; ++i) sequential.push_back(run(i));
  std::vector<std::thread> threads;
  for (uint64_t i = 0; i < 4; ++i) threads.emplace_back([&, i] { concurrent[i] = run(i); });
  for (auto& t : threads) t.join();
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_TRUE(at::equal(concurrent[i].volume("image").data, sequential[i].volume("image").data));
    EXPECT_TRUE(at::equal(concurrent[i].volume("label").data, sequential[i].volume("label").data));
  }
}

TEST_F(AugmentPlugin, RecipeChainsOfTheReadmeBuildAndRun) {
  const auto recipe_c = ves::TransformChain::create(ves::config::parse_yaml(R"(
- type: spatial
  output_size: [24, 24, 24]
  p: 0.5
  flip_p: [0.5, 0.5, 0.5]
  rotate_x: [-15, 15]
  rotate_y: [-15, 15]
  rotate_z: [-15, 15]
  scale: [0.9, 1.1]
- {type: intensity_scale, range: [0.9, 1.1], p: 0.3}
- {type: intensity_shift, range: [-0.1, 0.1], p: 0.3}
- {type: gamma, range: [0.8, 1.25], p: 0.3}
- {type: gaussian_noise, std: [0.0, 0.1], p: 0.2}
- {type: gaussian_blur, sigma: [0.5, 1.0], p: 0.2}
)",
                                                                            "c.yaml"),
                                                    context_, "augment");
  const auto recipe_a = ves::TransformChain::create(ves::config::parse_yaml(R"(
- type: spatial
  same_for_slices: true
  flip_p: [0.5, 0.0]
  rotate_z: [-45, 45]
  scale: [0.8, 1.2]
  translate: [20, 20]
  translate_units: voxels
- {type: brightness_contrast, contrast: [0.9, 1.1]}
)",
                                                                            "a.yaml"),
                                                    context_, "augment");
  ves::Rng rng(3);
  for (int i = 0; i < 4; ++i) {
    auto volume = textured_sample();
    recipe_c.apply(volume, rng);
    EXPECT_EQ(volume.volume("image").data.sizes(), at::IntArrayRef({2, 24, 24, 24}));
    EXPECT_EQ(volume.volume("label").data.sizes(), at::IntArrayRef({1, 24, 24, 24}));

    ves::Sample slice;
    slice.case_id = "s1_L1_axial_" + std::to_string(i);
    slice.meta = {{"source_case", "s1_L1"}, {"orientation", "axial"}, {"epoch", "0"}};
    slice.volumes["image"] = ves::Volume{at::rand({3, 64, 64}), {}};
    slice.volumes["label"] = ves::Volume{at::zeros({1, 64, 64}, at::kByte), {}};
    recipe_a.apply(slice, rng);
    EXPECT_EQ(slice.volume("image").data.sizes(), at::IntArrayRef({3, 64, 64}));
  }
}
