// Dataset statistics against hand-computed values on two tiny cases.
#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "ves/engine/dataset_statistics.hpp"

namespace {

// A 4x2x2 (z, y, x) case with spacing (1, 1, spacing_z) and `lesion_slices` labelled slices.
ves::Sample sample(const std::string& id, double spacing_z, int lesion_slices, const char* level) {
  ves::Sample s;
  s.case_id = id;
  s.subject_id = "subject_" + id;
  ves::Volume image;
  image.data = at::arange(16, at::kFloat).reshape({1, 4, 2, 2});  // 0..15
  image.geometry.spacing = {1, 1, spacing_z};
  ves::Volume label = image;
  label.data = at::zeros({1, 4, 2, 2});
  for (int z = 0; z < lesion_slices; ++z) label.data[0][z][0][0] = 1;
  s.volumes["image"] = image;
  s.volumes["label"] = label;
  s.scalars["fracture"] = lesion_slices > 0;
  s.meta["vertebra"] = level;
  return s;
}

}  // namespace

TEST(DatasetStatistics, CountsThickCasesPositiveSlicesAndForegroundByGroup) {
  ves::DatasetStatisticsOptions options;
  options.group_by = {"vertebra"};
  ves::DatasetStatistics stats(options);
  stats.add(sample("a", 1.0, 2, "L1"));  // thin, 2 of 4 slices positive, 2 of 16 voxels
  stats.add(sample("b", 5.0, 0, "L2"));  // thick, negative
  stats.add_skipped("c", "c.nii.gz: the file is truncated");
  const auto j = nlohmann::json::parse(stats.json());
  EXPECT_EQ(j["cases"], 2);
  EXPECT_EQ(j["thin_cases"], 1);
  EXPECT_EQ(j["thick_cases"], 1);
  EXPECT_EQ(j["spacing_mm"]["z"]["median"], 3.0);
  EXPECT_EQ(j["orientations"]["LPS"], 2);
  EXPECT_EQ(j["balance"]["positive_cases"], 1);
  EXPECT_DOUBLE_EQ(j["balance"]["positive_slices_percent"].get<double>(), 100.0 * 2 / 8);
  EXPECT_DOUBLE_EQ(j["balance"]["foreground_percent"].get<double>(), 100.0 * 2 / 32);
  EXPECT_EQ(j["balance"]["scalars"]["fracture"]["1"], 1);
  EXPECT_DOUBLE_EQ(j["groups"]["vertebra"]["L1"]["positive_slices_percent"].get<double>(), 50.0);
  // Case a's voxels (z 0-1, y 0, x 0): 1 of 2 coronal (fixed y) and 1 of 2 sagittal (fixed x)
  // slices per case; its 2 foreground voxels are 2 of the 8 voxels of its positive axial slices.
  const auto& orientations = j["balance"]["orientations"];
  EXPECT_DOUBLE_EQ(orientations["axial"]["positive_slices_percent"].get<double>(), 25.0);
  EXPECT_DOUBLE_EQ(orientations["coronal"]["positive_slices_percent"].get<double>(), 25.0);
  EXPECT_DOUBLE_EQ(orientations["sagittal"]["positive_slices"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(orientations["axial"]["foreground_percent_in_positive_slices"].get<double>(),
                   25.0);
  EXPECT_DOUBLE_EQ(
      j["groups"]["vertebra"]["L1"]["orientations"]["coronal"]["positive_slices_percent"]
          .get<double>(),
      50.0);
  EXPECT_EQ(j["groups"]["vertebra"]["L2"]["positive_cases"], 0);
  // Intensities 0..15: p0.5 = 0.075, p99.5 = 14.925 (linear interpolation, as numpy).
  EXPECT_NEAR(j["intensity"]["0"]["p0.5"]["median"].get<double>(), 0.075, 1e-6);
  EXPECT_NEAR(j["intensity"]["0"]["p99.5"]["median"].get<double>(), 14.925, 1e-5);
  EXPECT_EQ(j["skipped_cases"][0]["case"], "c");
  EXPECT_EQ(stats.cases().rows(), 2u);
  const std::string report = stats.report();
  EXPECT_NE(report.find("2 cases from 2 subjects (1 skipped)"), std::string::npos) << report;
  EXPECT_NE(report.find("vertebra=L1"), std::string::npos) << report;
}
