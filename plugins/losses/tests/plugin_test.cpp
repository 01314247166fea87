// The built plugin through the loader, as vhost uses it: YAML -> loss -> compute.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include "loss_tensors.hpp"
#include "ves/api/loss.hpp"
#include "ves/core/error.hpp"
#include "ves_test/plugin_under_test.hpp"

namespace {

using ves::losses::test::binary_logits;
using ves::losses::test::binary_target;
using ves::losses::test::three_class_logits;
using ves::losses::test::three_class_target;

class LossesPlugin : public ::testing::Test {
 protected:
  std::unique_ptr<ves::Loss> loss(const std::string& yaml) {
    return plugin_.make<ves::Loss>(yaml, "loss");
  }

  static ves::Batch batch_of(const at::Tensor& label) {
    ves::Batch batch;
    batch.tensors["label"] = label;
    return batch;
  }

  ves::LossResult compute(const std::string& yaml, const at::Tensor& logits,
                          const at::Tensor& label) {
    return loss(yaml)->compute({{"seg_logits", logits}}, batch_of(label));
  }

  std::string build_error(const std::string& yaml) { return plugin_.error_of<ves::Loss>(yaml); }

  std::string compute_error(const std::string& yaml, const ves::TensorMap& outputs,
                            const at::Tensor& label) {
    try {
      loss(yaml)->compute(outputs, batch_of(label));
    } catch (const ves::DataError& e) {
      return e.what();
    }
    return "no DataError";
  }

  ves_test::PluginUnderTest plugin_;
};

// Main output [1, 1, 4, 4, 4] against a target whose half x < 2 is foreground: logits 20 there
// (p = 1), 0 elsewhere (p = 0.5): sum(pg) = 32, sum(p) = 48, sum(g) = 32, Dice 0.8, loss 0.2.
// ds1 [1, 1, 2, 2, 2] of zeros (p = 0.5) against the nearest-downsampled target (x index 0 <- 0,
// 1 <- 2): 4 foreground voxels, sum(pg) = 2, sum(p) = 4, sum(g) = 4, Dice 0.5, loss 0.5.
struct DeepSupervisionCase {
  at::Tensor target = at::zeros({1, 1, 4, 4, 4});
  ves::TensorMap outputs;
  DeepSupervisionCase() {
    target.slice(4, 0, 2).fill_(1.0);
    outputs["seg_logits"] = target * 20;
    outputs["seg_logits_ds1"] = at::zeros({1, 1, 2, 2, 2});
  }
};

TEST_F(LossesPlugin, RegistersEveryLoss) {
  for (const char* name : {"dice", "bce", "ce", "focal", "tversky", "focal_tversky", "compound"})
    EXPECT_NE(plugin_.registry.find("loss", name), nullptr) << name;
}

TEST_F(LossesPlugin, CompoundTotalIsTheWeightedSumOfItsNamedTerms) {
  // dice 0.375 (Dice 0.625), bce with pos_weight 1: 0.490415 (voxel_losses_test), weighted 0.5.
  const auto result = compute(
      "{type: compound, terms: [{type: dice}, {type: bce, weight: 0.5}, {type: dice, smooth: 0}]}",
      binary_logits(), binary_target());
  ASSERT_EQ(result.terms.size(), 3u);
  EXPECT_NEAR(result.terms.at("dice").item<double>(), 0.375, 1e-5);
  EXPECT_NEAR(result.terms.at("bce").item<double>(), 0.245207, 1e-5);
  EXPECT_NEAR(result.terms.at("dice_2").item<double>(), 0.375, 1e-6);
  EXPECT_NEAR(result.total.item<double>(), 0.375 + 0.245207 + 0.375, 1e-5);
  EXPECT_EQ(result.total.dim(), 0);
}

TEST_F(LossesPlugin, DiceAndBceOneToOneIsOneLineAndTheCompoundWeightScalesEverything) {
  const auto plain =
      compute("{type: compound, terms: [dice, bce]}", binary_logits(), binary_target());
  EXPECT_NEAR(plain.total.item<double>(), 0.375 + 0.490415, 1e-5);
  const auto doubled = compute("{type: compound, weight: 2, terms: [{type: dice}, {type: bce}]}",
                               binary_logits(), binary_target());
  EXPECT_NEAR(doubled.total.item<double>(), 2 * (0.375 + 0.490415), 1e-5);
  EXPECT_NEAR(doubled.terms.at("bce").item<double>(), 2 * 0.490415, 1e-5);
}

TEST_F(LossesPlugin, AWeightAlsoScalesALossUsedAlone) {
  // focal (gamma 2, alpha 0.25) = 0.047817 (voxel_losses_test), times 4.
  const auto result = compute("{type: focal, weight: 4}", binary_logits(), binary_target());
  EXPECT_NEAR(result.total.item<double>(), 4 * 0.047817, 1e-5);
  EXPECT_NEAR(result.terms.at("focal").item<double>(), 4 * 0.047817, 1e-5);
}

TEST_F(LossesPlugin, DeepSupervisionWeighsTheMainOutputTwoThirdsAndDs1OneThird) {
  const DeepSupervisionCase c;
  const auto with_ds = loss("{type: dice}")->compute(c.outputs, batch_of(c.target));
  EXPECT_NEAR(with_ds.total.item<double>(), 2.0 / 3 * 0.2 + 1.0 / 3 * 0.5, 1e-5);  // 0.3
  const auto without =
      loss("{type: dice, deep_supervision: false}")->compute(c.outputs, batch_of(c.target));
  EXPECT_NEAR(without.total.item<double>(), 0.2, 1e-5);
  // A compound passes deep_supervision down to its terms.
  const auto compound = loss("{type: compound, deep_supervision: false, terms: [dice]}")
                            ->compute(c.outputs, batch_of(c.target));
  EXPECT_NEAR(compound.total.item<double>(), 0.2, 1e-5);
}

TEST_F(LossesPlugin, ACompoundPassesItsOutputAndTargetToTermsThatDoNotSetThem) {
  ves::Batch batch;
  batch.tensors["mask"] = binary_target();
  const auto result = loss("{type: compound, output: lesion_logits, target: mask, terms: [dice]}")
                          ->compute({{"lesion_logits", binary_logits()}}, batch);
  EXPECT_NEAR(result.total.item<double>(), 0.375, 1e-5);
}

TEST_F(LossesPlugin, MultiClassLossesReadTheClassMap) {
  // ce: 1.242453 (voxel_losses_test); dice with smooth 0: 0.842105 without background,
  // 0.773525 with (overlap_losses_test).
  EXPECT_NEAR(
      compute("{type: ce}", three_class_logits(), three_class_target()).total.item<double>(),
      1.242453, 1e-5);
  EXPECT_NEAR(compute("{type: dice, smooth: 0}", three_class_logits(), three_class_target())
                  .total.item<double>(),
              0.842105, 1e-5);
  EXPECT_NEAR(compute("{type: dice, smooth: 0, include_background: true}", three_class_logits(),
                      three_class_target())
                  .total.item<double>(),
              0.773525, 1e-5);
}

TEST_F(LossesPlugin, BFloat16LogitsGiveAFloat32Scalar) {
  const auto result = compute("{type: compound, terms: [dice, bce, focal, tversky]}",
                              binary_logits().to(at::kBFloat16), binary_target());
  EXPECT_EQ(result.total.scalar_type(), at::kFloat);
  EXPECT_EQ(result.total.dim(), 0);
}

TEST_F(LossesPlugin, EveryLossHasFiniteNonZeroGradients) {
  at::manual_seed(3);
  const at::Tensor binary = (at::rand({2, 1, 3, 4, 4}) > 0.6).to(at::kFloat);
  const at::Tensor classes = at::randint(0, 3, {2, 1, 3, 4, 4}).to(at::kFloat);
  struct Case {
    const char* yaml;
    int64_t channels;
  };
  for (const Case& c : {Case{"{type: dice}", 1}, Case{"{type: dice}", 3}, Case{"{type: bce}", 1},
                        Case{"{type: bce, top_k: 0.2}", 1}, Case{"{type: ce, top_k: 0.2}", 3},
                        Case{"{type: ce, class_weights: [1, 2, 3]}", 3}, Case{"{type: focal}", 1},
                        Case{"{type: focal}", 3}, Case{"{type: tversky}", 3},
                        Case{"{type: focal_tversky}", 1}, Case{"{type: focal_tversky}", 3}}) {
    const at::Tensor logits = at::randn({2, c.channels, 3, 4, 4}).requires_grad_();
    const auto result = compute(c.yaml, logits, c.channels == 1 ? binary : classes);
    result.total.backward();
    EXPECT_TRUE(at::isfinite(logits.grad()).all().item<bool>()) << c.yaml;
    EXPECT_GT(logits.grad().abs().sum().item<double>(), 0.0) << c.yaml;
  }
}

TEST_F(LossesPlugin, NamesTheAvailableTensorsWhenOutputOrTargetIsMissing) {
  const std::string no_output =
      compute_error("{type: dice, output: logits}",
                    {{"seg_logits", binary_logits()}, {"recon", binary_logits()}}, binary_target());
  EXPECT_NE(no_output.find("loss dice: the model has no output named 'logits' (it has: recon, "
                           "seg_logits)"),
            std::string::npos)
      << no_output;
  const std::string no_target = compute_error("{type: bce, target: mask}",
                                              {{"seg_logits", binary_logits()}}, binary_target());
  EXPECT_NE(no_target.find("loss bce: the batch has no target named 'mask' (it has: label)"),
            std::string::npos)
      << no_target;
}

TEST_F(LossesPlugin, NamesBothShapesWhenLogitsAndTargetDoNotMatch) {
  const std::string error =
      compute_error("{type: dice}", {{"seg_logits", binary_logits()}}, at::zeros({1, 1, 2, 2, 3}));
  EXPECT_NE(error.find("output seg_logits has shape [1, 1, 2, 2, 2] and target label has shape "
                       "[1, 1, 2, 2, 3]"),
            std::string::npos)
      << error;
}

TEST_F(LossesPlugin, RejectsClassIndicesOutsideTheLogitsChannels) {
  const std::string error = compute_error("{type: ce}", {{"seg_logits", three_class_logits()}},
                                          ves::losses::test::tensor_of({0, 3}, {1, 1, 1, 1, 2}));
  EXPECT_NE(error.find("holds class indices 0 to 3 but output seg_logits has 3 channels"),
            std::string::npos)
      << error;
}

TEST_F(LossesPlugin, RejectsLogitsWithTheWrongNumberOfChannelsForTheLoss) {
  EXPECT_NE(
      compute_error("{type: bce}", {{"seg_logits", three_class_logits()}}, three_class_target())
          .find("has 3 channels but this loss is binary"),
      std::string::npos);
  EXPECT_NE(compute_error("{type: ce}", {{"seg_logits", binary_logits()}}, binary_target())
                .find("use bce for a binary output"),
            std::string::npos);
  EXPECT_NE(compute_error("{type: ce, class_weights: [1, 2]}",
                          {{"seg_logits", three_class_logits()}}, three_class_target())
                .find("class_weights has 2 values but the logits have 3 classes"),
            std::string::npos);
}

TEST_F(LossesPlugin, ReportsBadParametersAtTheirLine) {
  EXPECT_NE(build_error("type: bce\ntop_k: 0\n").find("test.yaml:2:"), std::string::npos);
  EXPECT_NE(build_error("type: focal\nalpha: -0.5\n").find("-1 to disable"), std::string::npos);
  EXPECT_NE(build_error("type: compound\nterms: []\n").find("needs at least one loss"),
            std::string::npos);
  const std::string unknown = build_error("type: compound\nterms: [{type: dise}]\n");
  EXPECT_NE(unknown.find("did you mean dice"), std::string::npos) << unknown;
}

}  // namespace

// Recipe A's multitask loss: w_class x BCE(class_logits [B, 1] vs the per-slice class [B]) +
// w_seg x focal(seg_logits). Logits 0 give p = 0.5: BCE = ln 2 for any target; the focal term
// of logits 0 against a target of zeros is (1 - 0.25) x 0.5^2 x ln 2 per pixel.
TEST_F(LossesPlugin, MultitaskLossAddsAClassTermOnPerItemTargets) {
  const auto multitask = loss(R"(
type: compound
terms:
  - {type: bce, output: class_logits, target: slice_label, weight: 1.0}
  - {type: focal, alpha: 0.25, gamma: 2, weight: 0.1}
)");
  ves::Batch batch;
  batch.tensors["slice_label"] = at::tensor({1.0, 0.0, 1.0, 0.0});
  batch.tensors["label"] = at::zeros({4, 1, 8, 8});
  const ves::TensorMap outputs{{"class_logits", at::zeros({4, 1})},
                               {"seg_logits", at::zeros({4, 1, 8, 8})}};
  const auto result = multitask->compute(outputs, batch);
  const double ln2 = std::log(2.0);
  EXPECT_NEAR(result.terms.at("bce").item<double>(), ln2, 1e-6);
  EXPECT_NEAR(result.terms.at("focal").item<double>(), 0.1 * 0.75 * 0.25 * ln2, 1e-6);
  EXPECT_NEAR(result.total.item<double>(), ln2 + 0.1 * 0.75 * 0.25 * ln2, 1e-6);

  // Confident, right class logits: BCE near 0.
  const ves::TensorMap right{{"class_logits", at::tensor({20.0, -20.0, 20.0, -20.0}).unsqueeze(1)},
                             {"seg_logits", at::zeros({4, 1, 8, 8})}};
  EXPECT_LT(multitask->compute(right, batch).terms.at("bce").item<double>(), 1e-6);

  // A class target of the wrong length is named.
  batch.tensors["slice_label"] = at::tensor({1.0, 0.0});
  try {
    multitask->compute(outputs, batch);
    FAIL() << "accepted 2 targets for 4 items";
  } catch (const ves::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("per-item target [B]"), std::string::npos) << e.what();
  }
}
