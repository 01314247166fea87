// The whole chain: file, includes, overrides, interpolation, paths, then validation.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "ves/config/loader.hpp"
#include "ves/config/params.hpp"

namespace fs = std::filesystem;

namespace ves::config {
namespace {

class LoadPipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    // The process id keeps parallel runs of the suite apart.
    dir_ = fs::temp_directory_path() / ("ves_config_tests_" + std::to_string(::getpid())) /
           info->name();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    write("base.yaml",
          "train:\n"
          "  epochs: 10\n"
          "  lr: 0.01\n"
          "model:\n"
          "  type: unet3d\n"
          "  learning_rate: ${train.lr}\n");
    pipeline_ = write("exp.yaml",
                      "include: base.yaml\n"
                      "name: fold${split.fold}\n"
                      "split:\n"
                      "  fold: 0\n"
                      "scheduler:\n"
                      "  steps: ${train.epochs}\n");
  }
  void TearDown() override { fs::remove_all(dir_.parent_path()); }

  fs::path write(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    std::ofstream(path) << text;
    return path;
  }

  fs::path dir_, pipeline_;
};

TEST_F(LoadPipelineTest, AppliesOverridesBeforeInterpolation) {
  const Node root = load_pipeline(pipeline_, {"split.fold=2", "train.epochs=300"});
  EXPECT_EQ(root.at("name").text(), "fold2");
  EXPECT_EQ(root.at("scheduler").at("steps").as_int(), 300);
  EXPECT_DOUBLE_EQ(root.at("model").at("learning_rate").as_double(), 0.01);
}

TEST_F(LoadPipelineTest, AppliesOverridesInOrder) {
  const Node root = load_pipeline(pipeline_, {"train.epochs=1", "train.epochs=2"});
  EXPECT_EQ(root.at("train").at("epochs").as_int(), 2);
}

TEST_F(LoadPipelineTest, AnOverrideMayHoldAReference) {
  const Node root = load_pipeline(pipeline_, {"+vars.copy=${train.epochs}"});
  EXPECT_EQ(root.at("vars").at("copy").as_int(), 10);
}

TEST_F(LoadPipelineTest, SetsTheDottedPathOfEveryNode) {
  const Node root = load_pipeline(pipeline_, {});
  EXPECT_EQ(root.path(), "");
  EXPECT_EQ(root.at("model").path(), "model");
  EXPECT_EQ(root.at("model").at("learning_rate").path(), "model.learning_rate");
}

TEST_F(LoadPipelineTest, MisspeltOverrideStopsTheLoad) {
  try {
    load_pipeline(pipeline_, {"train.epoch=3"});
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(),
                 "<command line>: train.epoch: cannot override a key that does not exist; did you "
                 "mean epochs?");
  }
}

TEST_F(LoadPipelineTest, ValidationErrorPointsIntoTheIncludedFile) {
  write("typo.yaml", "include: base.yaml\nmodel:\n  lerning_rate: 1\n");
  const Node root = load_pipeline(dir_ / "typo.yaml", {});
  Schema schema;
  schema.real("learning_rate", 0.1, "step size");
  try {
    Params::validate(root.at("model"), schema, "model unet3d");
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), (dir_ / "typo.yaml").string() +
                                         ":3:3: model.lerning_rate: unknown parameter of model "
                                         "unet3d; did you mean learning_rate?");
  }
}

}  // namespace
}  // namespace ves::config
