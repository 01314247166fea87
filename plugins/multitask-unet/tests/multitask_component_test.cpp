// The component as a pipeline builds it: outputs, parameter groups and their learning rates,
// input checks, config errors.
#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <torch/optim/optimizer.h>

#include "ves/api/model.hpp"
#include "ves/config/config_error.hpp"
#include "ves/core/error.hpp"
#include "ves/engine/optimizer.hpp"
#include "ves_test/plugin_under_test.hpp"

namespace {

class MultitaskPlugin : public ::testing::Test {
 protected:
  std::unique_ptr<ves::Model> make(const std::string& yaml) {
    return plugin_.make<ves::Model>(yaml, "model");
  }
  ves_test::PluginUnderTest plugin_;
};

double group_lr(const torch::optim::Optimizer& optimizer, size_t group) {
  return optimizer.param_groups()[group].options().get_lr();
}

}  // namespace

TEST_F(MultitaskPlugin, NamesItsTwoOutputs) {
  auto model = make("{type: multitask_unet, in_channels: 3}");
  const auto out = model->forward(ves_test::batch_with("image", at::randn({2, 3, 32, 32})));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out.at("class_logits").sizes().vec(), (std::vector<int64_t>{2, 1}));
  EXPECT_EQ(out.at("seg_logits").sizes().vec(), (std::vector<int64_t>{2, 1, 32, 32}));
}

TEST_F(MultitaskPlugin, TheEncoderGroupLearnsAtItsConfiguredFractionOfTheBaseRate) {
  auto model = make("{type: multitask_unet, encoder_lr_scale: 0.1}");
  const auto groups = model->parameter_groups();
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].name, "encoder");
  EXPECT_EQ(groups[0].parameters.size(), 60u);  // ResNet-18: 62 tensors less the fc head
  EXPECT_EQ(groups[0].parameters.size() + groups[1].parameters.size(),
            model->module().parameters().size());
  ves::OptimizerOptions options;
  options.type = "adamw";
  options.lr = 1e-3;
  auto optimizer = ves::make_optimizer(groups, options);
  optimizer.set_learning_rate(1e-3);
  EXPECT_DOUBLE_EQ(group_lr(*optimizer.optimizer, 0), 1e-4);
  EXPECT_DOUBLE_EQ(group_lr(*optimizer.optimizer, 1), 1e-3);
  optimizer.set_learning_rate(5e-4);  // what ReduceLROnPlateau's factor 0.5 does
  EXPECT_DOUBLE_EQ(group_lr(*optimizer.optimizer, 0), 5e-5);
  EXPECT_DOUBLE_EQ(group_lr(*optimizer.optimizer, 1), 5e-4);
}

TEST_F(MultitaskPlugin, AFrozenEncoderLeavesItsGroupEmpty) {
  auto model = make("{type: multitask_unet, freeze_encoder: true}");
  const auto groups = model->parameter_groups();
  EXPECT_TRUE(groups[0].parameters.empty());
  EXPECT_FALSE(groups[1].parameters.empty());
}

TEST_F(MultitaskPlugin, SaysHowToFixASliceOfTheWrongSize) {
  auto model = make("{type: multitask_unet}");
  try {
    model->forward(ves_test::batch_with("image", at::zeros({2, 3, 50, 64})));
    FAIL() << "accepted a 50-pixel slice";
  } catch (const ves::DataError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("[2, 3, 50, 64]"), std::string::npos) << what;
    EXPECT_NE(what.find("multiples of 32"), std::string::npos) << what;
  }
}

TEST_F(MultitaskPlugin, NamesTheKeyOfAMissingWeightFileOrBadDecoderChannels) {
  EXPECT_NE(plugin_.error_of<ves::Model>("{type: multitask_unet, encoder_weights: /no/such.pt}")
                .find("encoder_weights"),
            std::string::npos);
  EXPECT_NE(plugin_.error_of<ves::Model>("{type: multitask_unet, decoder_channels: [64, 32]}")
                .find("decoder_channels: needs 5 values"),
            std::string::npos);
}
