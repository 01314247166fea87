// The component as a pipeline builds it: from YAML, through the built plugin library.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include "ves/api/model.hpp"
#include "ves/config/config_error.hpp"
#include "ves/core/error.hpp"
#include "ves_test/plugin_under_test.hpp"

namespace {

class UNet3dPlugin : public ::testing::Test {
 protected:
  std::unique_ptr<ves::Model> make(const std::string& yaml) {
    return plugin_.make<ves::Model>(yaml, "model");
  }

  ves_test::PluginUnderTest plugin_;
};

TEST_F(UNet3dPlugin, NamesTheMainAndDeepSupervisionOutputs) {
  auto model =
      make("type: unet3d\nbase_channels: 4\ndepth: 3\nout_channels: 2\ndeep_supervision: true\n");
  const auto out = model->forward(ves_test::batch_with("image", at::randn({2, 1, 16, 16, 16})));
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out.at("seg_logits").sizes().vec(), (std::vector<int64_t>{2, 2, 16, 16, 16}));
  EXPECT_EQ(out.at("seg_logits_ds1").sizes().vec(), (std::vector<int64_t>{2, 2, 8, 8, 8}));
  EXPECT_EQ(out.at("seg_logits_ds2").sizes().vec(), (std::vector<int64_t>{2, 2, 4, 4, 4}));
}

TEST_F(UNet3dPlugin, ReadsItsInputByNameAndExposesItsParameters) {
  auto model = make("type: unet3d\ninput: stack\nin_channels: 2\nbase_channels: 4\ndepth: 2\n");
  const auto out = model->forward(ves_test::batch_with("stack", at::randn({1, 2, 8, 12, 8})));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out.at("seg_logits").sizes().vec(), (std::vector<int64_t>{1, 1, 8, 12, 8}));
  const auto groups = model->parameter_groups();
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].parameters.size(), model->module().parameters().size());
  EXPECT_FALSE(groups[0].parameters.empty());
}

TEST_F(UNet3dPlugin, RejectsGroupsThatDoNotDivideTheChannelsAtTheKey) {
  try {
    make("type: unet3d\nbase_channels: 4\ndepth: 2\nnorm: group\ngroups: 3\n");
    FAIL() << "expected an error";
  } catch (const ves::config::ConfigError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("test.yaml:5:"), std::string::npos) << what;
    EXPECT_NE(what.find("groups: must divide the channels of every level, but 3 does not "
                        "divide the 4 of level 0"),
              std::string::npos)
        << what;
  }
}

TEST_F(UNet3dPlugin, NamesTheBatchTensorWhenItsChannelCountIsWrong) {
  auto model = make("type: unet3d\nbase_channels: 4\ndepth: 2\nin_channels: 2\n");
  try {
    model->forward(ves_test::batch_with("image", at::zeros({1, 1, 8, 8, 8})));
    FAIL() << "expected an error";
  } catch (const ves::DataError& e) {
    EXPECT_STREQ(e.what(),
                 "unet3d: batch tensor \"image\" must be [B, 2, Z, Y, X] (in_channels: 2), got "
                 "[1, 1, 8, 8, 8]; set in_channels to the data's channel count");
  }
}

TEST_F(UNet3dPlugin, ListsTheBatchTensorsWhenTheInputIsMissing) {
  auto model = make("type: unet3d\nbase_channels: 4\ndepth: 1\n");
  try {
    model->forward(ves_test::batch_with("ct", at::zeros({1, 1, 4, 4, 4})));
    FAIL() << "expected an error";
  } catch (const ves::Error& e) {
    EXPECT_NE(std::string(e.what()).find("ct"), std::string::npos) << e.what();
  }
}

}  // namespace
