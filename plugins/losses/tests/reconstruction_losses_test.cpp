// The autoencoder terms through the built plugin: reconstruction (l1, l2) and model_term, alone
// and summed by compound as recipe B's VQ-VAE loss.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include "ves/api/loss.hpp"
#include "ves/core/error.hpp"
#include "ves_test/plugin_under_test.hpp"

namespace {

class AutoencoderLosses : public ::testing::Test {
 protected:
  ves::LossResult compute(const std::string& yaml) {
    ves::Batch batch;
    batch.tensors["image"] = at::tensor({0.0f, 0.5f, 1.0f, 1.0f}).view({1, 1, 1, 2, 2});
    const ves::TensorMap outputs{
        {"recon", at::tensor({0.5f, 0.5f, 0.0f, 1.0f}).view({1, 1, 1, 2, 2})},
        {"vq_loss", at::scalar_tensor(0.3, at::kFloat)}};
    return plugin_.make<ves::Loss>(yaml, "loss")->compute(outputs, batch);
  }

  ves_test::PluginUnderTest plugin_;
};

TEST_F(AutoencoderLosses, ReconstructionIsTheMeanAbsoluteOrSquaredError) {
  // Errors 0.5, 0, 1, 0: l1 = 1.5 / 4, l2 = 1.25 / 4.
  EXPECT_NEAR(compute("type: reconstruction").total.item<double>(), 0.375, 1e-7);
  EXPECT_NEAR(compute("type: reconstruction\nnorm: l2\nweight: 2").total.item<double>(), 0.625,
              1e-7);
}

TEST_F(AutoencoderLosses, CompoundSumsReconstructionAndTheModelsVqLoss) {
  const auto r = compute(
      "type: compound\nterms:\n  - {type: reconstruction, norm: l1}\n  - {type: model_term, "
      "output: vq_loss}\n");
  EXPECT_NEAR(r.total.item<double>(), 0.375 + 0.3, 1e-7);
  EXPECT_NEAR(r.terms.at("reconstruction").item<double>(), 0.375, 1e-7);
  EXPECT_NEAR(r.terms.at("vq_loss").item<double>(), 0.3, 1e-7);
}

TEST_F(AutoencoderLosses, NamesAMissingOutputAndAShapeMismatch) {
  try {
    compute("type: model_term\noutput: commitment");
    FAIL() << "expected a DataError";
  } catch (const ves::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("the model has no output named 'commitment' (it has: "
                                         "recon, vq_loss)"),
              std::string::npos)
        << e.what();
  }
  try {
    compute("type: reconstruction\noutput: vq_loss");
    FAIL() << "expected a DataError";
  } catch (const ves::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("output vq_loss has shape [] but target image has "
                                         "[1, 1, 1, 2, 2]"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
