// vhost inspect, vhost convert and data-stage splits, run as a user would.
#include <gtest/gtest.h>

#include "ves_test/real_data.hpp"
#include "vhost_test_support.hpp"

using namespace vhost_test;
namespace fs = std::filesystem;

TEST(VhostInspect, PrintsSpacingOrientationIntensitiesAndClassBalanceOfThePhantom) {
  const auto dir = temp_folder("inspect");
  const auto dataset =
      write(dir / "phantom.yaml", "type: phantom\ncases: 6\nsubjects: 3\nseed: 5\n");
  const auto r = run("inspect " + dataset.string() + " --group-by subject --json " +
                     (dir / "stats.json").string());
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "6 cases from 3 subjects")) << r.output;
  EXPECT_TRUE(contains(r.output, "spacing z mm")) << r.output;
  EXPECT_TRUE(contains(r.output, "orientations: LPS x6")) << r.output;
  EXPECT_TRUE(contains(r.output, "subject=subject_000")) << r.output;
  EXPECT_TRUE(contains(r.output, "pos. slices %")) << r.output;
  std::ifstream json(dir / "stats.json");
  const std::string text((std::istreambuf_iterator<char>(json)), {});
  EXPECT_TRUE(contains(text, "\"positive_slices_percent\"")) << text;
}

// Recipe A's data analysis: positive slices per orientation and the fracture's share of the
// voxels in positive slices, per split (as the pipeline's stages split) and per vertebra level.
TEST(VhostInspect, BreaksSliceBalanceDownBySplitAndLevel) {
  const auto r = run("inspect " + std::string(VES_SOURCE_DIR) +
                     "/configs/vertebra_multitask_phantom.yaml dataset.cases=24 --split "
                     "--group-by vertebra");
  ASSERT_EQ(r.code, 0) << r.output;
  for (const char* text : {"axial", "coronal", "sagittal", "pos. ax.", "split=test", "split=train",
                           "split=validation", "vertebra=L1"})
    EXPECT_TRUE(contains(r.output, text)) << text << "\n" << r.output;
  // A dataset file alone has no split to follow.
  const auto dir = temp_folder("inspect_split");
  const auto dataset = write(dir / "d.yaml", "type: phantom\ncases: 2\n");
  const auto missing = run("inspect " + dataset.string() + " --split");
  EXPECT_NE(missing.code, 0);
  EXPECT_TRUE(contains(missing.output, "has no `split:` section")) << missing.output;
}

TEST(VhostInspect, ReadsTheDatasetSectionOfAPipelineAndAppliesWhere) {
  const auto r = run("inspect " + std::string(VES_SOURCE_DIR) +
                     "/configs/quickstart.yaml '+dataset.where={lesion: 0}'");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "match the `where:` filter")) << r.output;
  EXPECT_TRUE(contains(r.output, "lesion: 0: ")) << r.output;
  EXPECT_FALSE(contains(r.output, "lesion: 0: 3, 1:")) << r.output;
}

TEST(VhostRun, WritesThePatientLevelSplitIntoTheStageFolder) {
  const auto dir = temp_folder("split");
  const auto config =
      write(dir / "split.yaml", "name: split\noutput_dir: " + (dir / "runs").string() +
                                    "\nseed: 1\ndataset: {type: phantom, cases: 8, subjects: 4}\n"
                                    "split: {folds: 3, test_fraction: 0.25}\n"
                                    "stages: [summary]\nsummary: {type: dataset_summary}\n");
  const auto r = run("run " + config.string());
  ASSERT_EQ(r.code, 0) << r.output;
  std::ifstream csv(dir / "runs/split/summary/split.csv");
  const std::string text((std::istreambuf_iterator<char>(csv)), {});
  EXPECT_TRUE(contains(text, "case,subject,set,fold\n")) << text;
  EXPECT_TRUE(contains(text, ",test,")) << text;
  EXPECT_TRUE(contains(text, ",validation,")) << text;
  EXPECT_TRUE(contains(r.output, "split=test")) << r.output;
}

TEST(VhostConvert, TurnsARealCtSeriesIntoAReorientedResampledNiftiThatReadsBack) {
  const auto series = ves_test::real_data(
      "debian/usr/lib/python3/dist-packages/pydicom/data/test_files/dicomdirtests/98892001/CT5N");
  VES_REQUIRE_REAL_DATA(series);
  const auto dir = temp_folder("convert");
  const auto out = dir / "ct.nii.gz";
  // 5 slices 2.5 mm apart -> 2 mm: round(5 * 2.5 / 2) = 6 slices.
  const auto r = run("convert " + series.string() + " " + out.string() +
                     " --orient RAS --spacing 0,0,2 --dtype int16");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "x6x16x16 ")) << r.output;  // [C, Z, Y, X]
  EXPECT_TRUE(contains(r.output, "RAS")) << r.output;
  const auto dataset = write(dir / "ct.yaml", "type: image\npath: ct.nii.gz\n");
  const auto inspected = run("inspect " + dataset.string());
  ASSERT_EQ(inspected.code, 0) << inspected.output;
  EXPECT_TRUE(contains(inspected.output, "orientations: RAS x1")) << inspected.output;
  EXPECT_TRUE(contains(inspected.output, "1 cases from 1 subjects")) << inspected.output;
}

TEST(VhostConvert, NamesAnUnreadableInputAndExits1) {
  const auto dir = temp_folder("convert_bad");
  const auto bad = write(dir / "broken.nii.gz", "not an image");
  const auto r = run("convert " + bad.string() + " " + (dir / "out.nrrd").string());
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "broken.nii.gz")) << r.output;
  EXPECT_FALSE(fs::exists(dir / "out.nrrd"));
}

TEST(VhostInspect, ReportsTheRealColinMriAndItsBrainMask) {
  const auto templates = ves_test::real_data("debian/usr/share/mricron/templates");
  VES_REQUIRE_REAL_DATA(templates / "ch2.nii.gz");
  const auto dir = temp_folder("inspect_mri");
  const auto dataset =
      write(dir / "colin.yaml", "type: image\npath: " + (templates / "ch2.nii.gz").string() +
                                    "\nlabel: " + (templates / "ch2bet.nii.gz").string() + "\n");
  const auto r = run("inspect " + dataset.string() + " --json " + (dir / "colin.json").string());
  ASSERT_EQ(r.code, 0) << r.output;
  // Colin27: 181x217x181 at 1 mm in RAS (checked with a python header parser, see io-itk tests).
  EXPECT_TRUE(contains(r.output, "size y               217         217         217")) << r.output;
  EXPECT_TRUE(contains(r.output, "orientations: RAS x1")) << r.output;
  EXPECT_TRUE(contains(r.output, "slices: 1 thin, 0 thick")) << r.output;
  EXPECT_TRUE(contains(r.output, "1/1")) << r.output;  // the brain mask is a positive label
  EXPECT_TRUE(fs::exists(dir / "colin.json"));
}
