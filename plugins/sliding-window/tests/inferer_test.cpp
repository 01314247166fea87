// The inferers as a pipeline builds them (YAML, through the built plugin) with fake models:
// exactness, window counts, test-time flips, ensembles, activations, geometry, errors.
#include <gtest/gtest.h>

#include <cmath>

#include "fake_model.hpp"
#include "ves/api/inferer.hpp"
#include "ves/core/error.hpp"
#include "ves_test/plugin_under_test.hpp"

using sliding_window_test::FakeModel;
using Ints = std::vector<int64_t>;

namespace {

class InfererPlugin : public ::testing::Test {
 protected:
  std::unique_ptr<ves::Inferer> make(const std::string& yaml) {
    return plugin_.make<ves::Inferer>(yaml, "inferer");
  }
  std::string error_of(const std::string& yaml) { return plugin_.error_of<ves::Inferer>(yaml); }

  ves_test::PluginUnderTest plugin_;
};

ves::Geometry oblique_geometry() {
  ves::Geometry g;
  g.direction = {0, -0.8, -0.6, 0, -0.6, 0.8, 1, 0, 0};
  g.spacing = {0.8, 1.5, 3.0};
  g.origin = {10.0, -5.0, 2.5};
  return g;
}

// A case whose "image" [C, spatial...] holds distinct values, on an oblique grid.
ves::Sample case_of(const Ints& shape) {
  int64_t count = 1;
  for (int64_t n : shape) count *= n;
  ves::Sample s;
  s.case_id = "case_3";
  s.volumes["image"] =
      ves::Volume{at::arange(count, at::kFloat).reshape(shape) * 0.25 - 5.0, oblique_geometry()};
  return s;
}

const at::Tensor& prob_of(const std::map<std::string, ves::Volume>& out) {
  return out.at("prob").data;
}

}  // namespace

TEST_F(InfererPlugin, IdentityModelReproducesTheInputOnItsGeometry) {
  auto model = sliding_window_test::identity_model();
  for (const char* yaml :
       {"{type: sliding_window, patch_size: [4, 4, 4], activation: none}",
        "{type: sliding_window, patch_size: [4, 4, 4], activation: none, weighting: constant}",
        "{type: sliding_window, patch_size: [8, 8, 8], activation: none, overlap: 0.25}",
        "{type: whole_volume, divisor: 4, activation: none}"}) {
    const auto inferer = make(yaml);
    // 5 x 7 x 9 is no multiple of the step, and smaller than the 8^3 patch.
    const auto input = case_of({2, 5, 7, 9});
    const auto out = inferer->infer({&model}, input);
    ASSERT_EQ(out.size(), 1u);
    const ves::Volume& prob = out.at("prob");
    EXPECT_TRUE(at::allclose(prob.data, input.volume("image").data, 1e-5, 1e-5)) << yaml;
    EXPECT_EQ(prob.data.scalar_type(), at::kFloat);
    EXPECT_TRUE(prob.data.device().is_cpu());
    EXPECT_EQ(prob.geometry.origin, input.volume("image").geometry.origin);
    EXPECT_EQ(prob.geometry.spacing, input.volume("image").geometry.spacing);
    EXPECT_EQ(prob.geometry.direction, input.volume("image").geometry.direction);
  }
  // whole_volume padded 5 x 7 x 9 to multiples of 4: one pass on 8 x 8 x 12.
  EXPECT_EQ(model.last_shape, (Ints{1, 2, 8, 8, 12}));
}

TEST_F(InfererPlugin, RunsTheHandComputedNumberOfForwardPasses) {
  // 5 x 9 x 10, patch 4, overlap 0.5: 2 * 4 * 4 = 32 windows, 3 per pass -> 11 passes.
  const auto input = case_of({1, 5, 9, 10});
  auto model = sliding_window_test::identity_model();
  make("{type: sliding_window, patch_size: [4, 4, 4], batch_size: 3}")->infer({&model}, input);
  EXPECT_EQ(model.calls, 11);
  EXPECT_EQ(model.windows, 32);
  // Flips over Z and X: 4 combinations, each a full pass; two models each do all of them.
  auto a = sliding_window_test::identity_model(), b = sliding_window_test::identity_model();
  make("{type: sliding_window, patch_size: [4, 4, 4], batch_size: 3, tta_flips: [0, 2]}")
      ->infer({&a, &b}, input);
  EXPECT_EQ(a.calls, 44);
  EXPECT_EQ(b.windows, 128);
}

TEST_F(InfererPlugin, FlipsChangeNothingForAFlipEquivariantModel) {
  // A voxel-wise model (2x + 1) commutes with flips.
  FakeModel model([](const at::Tensor& image) { return image * 2 + 1; });
  const auto input = case_of({1, 5, 7, 9});
  const at::Tensor plain =
      prob_of(make("{type: sliding_window, patch_size: [4, 4, 4], activation: none}")
                  ->infer({&model}, input));
  const at::Tensor flipped =
      prob_of(make("{type: sliding_window, patch_size: [4, 4, 4], activation: none, "
                   "tta_flips: [0, 1, 2]}")
                  ->infer({&model}, input));
  EXPECT_TRUE(at::allclose(plain, input.volume("image").data * 2 + 1, 1e-5, 1e-4));
  EXPECT_TRUE(at::allclose(flipped, plain, 1e-5, 1e-4));
}

TEST_F(InfererPlugin, FlipsAverageANonEquivariantModelAsComputedByHand) {
  // The model answers x + 10 y (its own voxel position), whatever the image. Flipped over X the
  // answer at x is (8 - x) + 10 y once flipped back (X = 9); over Y, x + 10 (6 - y) (Y = 7).
  // Mean of the 4 combinations: (x + 8 - x) / 2 + 10 (y + 6 - y) / 2 = 4 + 30 = 34 everywhere.
  FakeModel model([](const at::Tensor& image) {
    const at::Tensor x = at::arange(image.size(4), at::kFloat).view({1, 1, 1, 1, -1});
    const at::Tensor y = at::arange(image.size(3), at::kFloat).view({1, 1, 1, -1, 1});
    return (x + 10 * y).expand({image.size(0), 1, image.size(2), image.size(3), image.size(4)});
  });
  const auto input = case_of({1, 3, 7, 9});
  const at::Tensor once =
      prob_of(make("{type: whole_volume, divisor: 1, activation: none, tta_flips: [0]}")
                  ->infer({&model}, input));
  // Over x only (axis 0; axes are x, y, z): (x + 8 - x) / 2 + 10 y = 4 + 10 y.
  EXPECT_TRUE(at::allclose(once[0][1][5], at::full({9}, 54.0f)));
  const at::Tensor both =
      prob_of(make("{type: whole_volume, divisor: 1, activation: none, tta_flips: [0, 1]}")
                  ->infer({&model}, input));
  EXPECT_TRUE(at::allclose(both, at::full({1, 3, 7, 9}, 34.0f)));
}

TEST_F(InfererPlugin, AnEnsembleAveragesProbabilitiesNotLogits) {
  auto one = sliding_window_test::constant_model(1.0);
  auto three = sliding_window_test::constant_model(3.0);
  const auto input = case_of({1, 5, 6, 7});
  const at::Tensor raw =
      prob_of(make("{type: sliding_window, patch_size: [4, 4, 4], activation: none}")
                  ->infer({&one, &three}, input));
  EXPECT_TRUE(at::allclose(raw, at::full({1, 5, 6, 7}, 2.0f)));
  // One channel: auto = sigmoid; (sigmoid(1) + sigmoid(3)) / 2 = (0.731059 + 0.952574) / 2.
  const at::Tensor prob = prob_of(make("{type: whole_volume}")->infer({&one, &three}, input));
  EXPECT_NEAR(prob.min().item<float>(), 0.8418165, 1e-6);
  EXPECT_NEAR(prob.max().item<float>(), 0.8418165, 1e-6);
}

TEST_F(InfererPlugin, TemperatureDividesTheLogitsBeforeTheSigmoid) {
  // sigmoid(2 / 2) = 1 / (1 + e^-1) = 0.7310586.
  auto model = sliding_window_test::constant_model(2.0);
  const at::Tensor prob =
      prob_of(make("{type: sliding_window, patch_size: [4, 4, 4], activation: sigmoid, "
                   "temperature: 2.0}")
                  ->infer({&model}, case_of({1, 5, 5, 5})));
  EXPECT_TRUE(at::allclose(prob, at::full({1, 5, 5, 5}, 0.7310586f)));
}

TEST_F(InfererPlugin, SoftmaxOverChannelsSumsToOne) {
  // Logits (v, 2v, -v) per voxel: auto picks softmax for 3 channels.
  FakeModel model([](const at::Tensor& image) { return at::cat({image, image * 2, -image}, 1); });
  const auto input = case_of({1, 5, 6, 7});
  const at::Tensor prob = prob_of(
      make("{type: sliding_window, patch_size: [4, 4, 4], result: prob}")->infer({&model}, input));
  ASSERT_EQ(prob.sizes(), (Ints{3, 5, 6, 7}));
  EXPECT_TRUE(at::allclose(prob.sum(0), at::ones({5, 6, 7}), 1e-5, 1e-5));
  // Voxel 0 has v = -5: softmax(-5, -10, 5) = e^-10, e^-15, 1 over their sum.
  const double sum = std::exp(-10.0) + std::exp(-15.0) + 1.0;
  EXPECT_NEAR(prob[2][0][0][0].item<float>(), 1.0 / sum, 1e-6);
  EXPECT_NEAR(prob[0][0][0][0].item<float>(), std::exp(-10.0) / sum, 1e-7);
}

TEST_F(InfererPlugin, NamesTheResultAndReads2DCases) {
  auto model = sliding_window_test::identity_model();
  const auto input = case_of({1, 6, 7});
  const auto out = make(
                       "{type: sliding_window, patch_size: [4, 4], activation: none, "
                       "result: fg_prob, tta_flips: [1]}")
                       ->infer({&model}, input);
  ASSERT_EQ(out.count("fg_prob"), 1u);
  EXPECT_TRUE(at::allclose(out.at("fg_prob").data, input.volume("image").data, 1e-5, 1e-5));
}

TEST_F(InfererPlugin, ReportsABadModelOutputOrCaseNamingTheCase) {
  auto model = sliding_window_test::identity_model();
  const auto inferer = make("{type: sliding_window, patch_size: [4, 4, 4], output: recon}");
  try {
    inferer->infer({&model}, case_of({1, 5, 5, 5}));
    FAIL() << "expected an error";
  } catch (const ves::Error& e) {
    EXPECT_NE(std::string(e.what()).find("case case_3: the model has no output 'recon' (it "
                                         "gives: seg_logits)"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(
      make("{type: sliding_window, patch_size: [4, 4, 4]}")->infer({&model}, case_of({1, 5, 5})),
      ves::DataError);
  EXPECT_THROW(make("{type: whole_volume, tta_flips: [2]}")->infer({&model}, case_of({1, 5, 5})),
               ves::DataError);
  EXPECT_THROW(make("{type: whole_volume}")->infer({}, case_of({1, 5, 5})), ves::UsageError);
}

TEST_F(InfererPlugin, RejectsBadParametersNamingTheKey) {
  EXPECT_NE(error_of("{type: sliding_window}").find("patch_size"), std::string::npos);
  EXPECT_NE(error_of("{type: sliding_window, patch_size: [4, 4, 4], overlap: 1.0}").find("below 1"),
            std::string::npos);
  EXPECT_NE(error_of("{type: whole_volume, tta_flips: [3]}").find("not a spatial axis"),
            std::string::npos);
  EXPECT_NE(error_of("{type: whole_volume, tta_flips: [1, 1]}").find("listed twice"),
            std::string::npos);
  EXPECT_NE(error_of("{type: whole_volume, temperature: 0}").find("greater than 0"),
            std::string::npos);
  EXPECT_NE(error_of("{type: whole_volume, activation: relu}").find("activation"),
            std::string::npos);
}

// An autoencoder's anomaly map: |input - reconstruction|, here with a "reconstruction" that is
// the input scaled by 0.75, so the error is 0.25 |input| everywhere, by window or whole.
TEST_F(InfererPlugin, DifferenceAbsGivesTheReconstructionErrorOfTheInput) {
  FakeModel halfway([](const at::Tensor& image) { return image * 0.75; }, "recon");
  const auto input = case_of({1, 5, 6, 7});
  const at::Tensor expected = input.volume("image").data.abs() * 0.25;
  for (const char* yaml :
       {"{type: sliding_window, patch_size: [4, 4, 4], output: recon, activation: none, "
        "result: error, difference: abs}",
        "{type: whole_volume, divisor: 2, output: recon, activation: none, result: error, "
        "difference: abs}"}) {
    const auto out = make(yaml)->infer({&halfway}, input);
    ASSERT_EQ(out.count("error"), 1u) << yaml;
    EXPECT_TRUE(at::allclose(out.at("error").data, expected, 1e-5, 1e-5)) << yaml;
  }
  // The signed parts: input - prediction = 0.25 input, so `above` keeps the positive inputs
  // and `below` the negative ones (as magnitudes), and together they make `abs`.
  const at::Tensor signed_input = input.volume("image").data;
  const auto above = make(
                         "{type: whole_volume, divisor: 2, output: recon, activation: none, "
                         "result: error, difference: above}")
                         ->infer({&halfway}, input)
                         .at("error")
                         .data;
  const auto below = make(
                         "{type: whole_volume, divisor: 2, output: recon, activation: none, "
                         "result: error, difference: below}")
                         ->infer({&halfway}, input)
                         .at("error")
                         .data;
  EXPECT_TRUE(at::allclose(above, (signed_input * 0.25).clamp_min(0.0), 1e-5, 1e-5));
  EXPECT_TRUE(at::allclose(below, (signed_input * -0.25).clamp_min(0.0), 1e-5, 1e-5));
  EXPECT_GT(signed_input.lt(0).sum().item<int64_t>(), 0);  // both signs occur in the input
  EXPECT_GT(signed_input.gt(0).sum().item<int64_t>(), 0);
  // A model whose output does not have the input's channels cannot be compared with it.
  FakeModel two([](const at::Tensor& image) { return at::cat({image, image}, 1); }, "recon");
  try {
    make("{type: whole_volume, output: recon, activation: none, difference: abs}")
        ->infer({&two}, input);
    FAIL() << "expected a DataError";
  } catch (const ves::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("case case_3: difference: abs needs the prediction "
                                         "([2, 5, 6, 7]) shaped as volume 'image'"),
              std::string::npos)
        << e.what();
  }
}
