// MetricsLog: metrics.csv columns in reading order, rewritten each epoch, truncated on resume.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "metrics_log.hpp"

namespace ves::stages {
namespace {

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(MetricsLog, WritesOneRowPerEpochInReadingOrder) {
  const auto dir = std::filesystem::temp_directory_path() / "ves_metrics_log_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  MetricsLog log(dir / "metrics.csv");
  log.add(1, {{"seconds", 2.5}, {"loss", 0.75}, {"lr", 0.001}, {"loss_dice", 0.5}});
  log.add(
      2, {{"seconds", 2.0}, {"loss", 0.5}, {"lr", 0.0005}, {"loss_dice", 0.25}, {"val_dice", 0.8}});
  EXPECT_EQ(read(dir / "metrics.csv"),
            "epoch,lr,loss,loss_dice,val_dice,seconds\n"
            "1,0.001,0.75,0.5,,2.5\n"
            "2,0.0005,0.5,0.25,0.8,2\n");
  // A resumed run that checkpointed epoch 1 drops epoch 2 and continues from there.
  MetricsLog resumed(dir / "metrics.csv");
  resumed.resume(1);
  ASSERT_EQ(resumed.rows().size(), 1u);
  EXPECT_DOUBLE_EQ(resumed.rows()[0].second.at("loss"), 0.75);
  EXPECT_EQ(resumed.rows()[0].second.count("val_dice"), 0u);
  resumed.add(2, {{"loss", 0.4}, {"lr", 0.0005}});
  EXPECT_EQ(read(dir / "metrics.csv"),
            "epoch,lr,loss,loss_dice,seconds\n"
            "1,0.001,0.75,0.5,2.5\n"
            "2,0.0005,0.4,,\n");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ves::stages
