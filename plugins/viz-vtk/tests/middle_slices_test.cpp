// The middle_slices callback through the plugin: PNG files of the right size, read back.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "png_file.hpp"
#include "ves/api/callback.hpp"
#include "ves/config/loader.hpp"
#include "ves/plugin/loader.hpp"
#include "ves/plugin/registry.hpp"

namespace {

namespace fs = std::filesystem;

class MiddleSlicesPlugin : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto library =
        fs::path(VES_TEST_PLUGIN_DIR) / ("libves-" + std::string(VES_PLUGIN_NAME) + ".so");
    const auto record = loader_.load_library(library, registry_);
    ASSERT_TRUE(record.loaded) << record.problem;
    context_.registry = &registry_;
    dir_ = fs::temp_directory_path() / ("ves_viz_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<ves::Callback> callback(const std::string& yaml) {
    return context_.create<ves::Callback>(ves::config::parse_yaml(yaml, "test.yaml"),
                                          "callbacks[0]");
  }

  ves::Registry registry_;
  ves::PluginLoader loader_;
  ves::Context context_;
  fs::path dir_;
};

ves::Sample case_of(const std::string& id) {
  ves::Sample s;
  s.case_id = id;
  s.volumes["image"] = ves::Volume{at::rand({1, 16, 16, 16}), ves::Geometry{}};
  return s;
}

TEST_F(MiddleSlicesPlugin, WritesOnePictureAtTheEndOfEachEpochWithADifferenceRow) {
  auto cb = callback("{type: middle_slices, panel_px: 64, stages: [train]}");
  cb->on_stage_begin("train", dir_ / "train");
  const ves::Sample s = case_of("c1");
  const std::map<std::string, ves::Volume> outputs{
      {"recon", ves::Volume{at::zeros({1, 16, 16, 16}), ves::Geometry{}}}};
  for (int64_t epoch = 1; epoch <= 2; ++epoch) {
    cb->on_prediction("train", epoch, s, outputs);
    cb->on_epoch_end({"train", epoch, {}, dir_ / "train" / "fold_0"});
  }
  const fs::path first = dir_ / "train" / "fold_0" / "pictures" / "epoch_001.png";
  ASSERT_TRUE(fs::exists(first));
  EXPECT_TRUE(fs::exists(dir_ / "train" / "fold_0" / "pictures" / "epoch_002.png"));
  const at::Tensor png = ves::viz::read_png(first);
  // Rows: image, recon, |image - recon|; 64-pixel panels, 2-pixel gaps, an 18-pixel header, and
  // a 48-pixel strip with the heat-map row's colour bar.
  EXPECT_EQ(png.sizes(), (std::vector<int64_t>{18 + 3 * 64 + 2 * 2, 3 * 64 + 2 * 2 + 48, 3}));
  // The bar beside the difference row: white (its maximum) at the top, black at the bottom.
  const int64_t bar_col = 3 * 64 + 4 + 4 + 7, row_top = 18 + 2 * 66 + 14;
  EXPECT_EQ(png[row_top][bar_col][2].item<uint8_t>(), 255);
  EXPECT_EQ(png[row_top + 64 - 28 - 1][bar_col][0].item<uint8_t>(), 0);
  // The recon row is black (zeros, below the image's window); the difference row is coloured.
  const at::Tensor recon_row = png.narrow(0, 18 + 66, 40);
  EXPECT_EQ(recon_row.narrow(1, 10, 40).max().item<uint8_t>(), 0);
  const at::Tensor difference_row = png.narrow(0, 18 + 2 * 66, 40).narrow(1, 10, 40);
  EXPECT_GT(difference_row.select(2, 0).to(at::kFloat).mean().item<float>(), 50.0f);
}

TEST_F(MiddleSlicesPlugin, DrawsUpToMaxCasesPerInferenceStageAndSkipsOtherStages) {
  auto cb = callback(
      "{type: middle_slices, volumes: [image, prob], difference: [], max_cases: 2, stages: "
      "[errors]}");
  cb->on_stage_begin("errors", dir_ / "errors");
  cb->on_stage_begin("other", dir_ / "other");
  const std::map<std::string, ves::Volume> outputs{
      {"prob", ves::Volume{at::rand({1, 16, 16, 16}), ves::Geometry{}}}};
  for (const char* id : {"a", "b", "c"}) {
    cb->on_prediction("errors", 0, case_of(id), outputs);
    cb->on_prediction("other", 0, case_of(id), outputs);
  }
  EXPECT_TRUE(fs::exists(dir_ / "errors" / "pictures" / "a.png"));
  EXPECT_TRUE(fs::exists(dir_ / "errors" / "pictures" / "b.png"));
  EXPECT_FALSE(fs::exists(dir_ / "errors" / "pictures" / "c.png"));
  EXPECT_FALSE(fs::exists(dir_ / "other"));
  EXPECT_EQ(ves::viz::read_png(dir_ / "errors" / "pictures" / "a.png").size(0), 18 + 2 * 160 + 2);
}

TEST_F(MiddleSlicesPlugin, DrawsTitlesWithVtksFontsWithoutADisplay) {
  at::Tensor rgb = at::zeros({20, 200, 3}, at::kByte);
  ASSERT_TRUE(ves::viz::draw_text(rgb, "epoch 12", 2, 4));
  EXPECT_GT(rgb.max().item<uint8_t>(), 128);                   // white ink
  EXPECT_EQ(rgb.narrow(1, 150, 50).max().item<uint8_t>(), 0);  // short text stays left
}

TEST_F(MiddleSlicesPlugin, RejectsADifferenceOfOneVolume) {
  try {
    callback("{type: middle_slices, difference: [image]}");
    FAIL() << "accepted";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("difference: must name two volumes"), std::string::npos)
        << e.what();
  }
}

}  // namespace
