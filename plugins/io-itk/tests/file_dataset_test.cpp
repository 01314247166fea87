// Datasets of files: case tables, path patterns, and reading a case with its grid checks.
#include "file_dataset.hpp"

#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <functional>

#include "case_table.hpp"
#include "file_pattern.hpp"
#include "itk_image_writer.hpp"
#include "test_folder.hpp"
#include "ves/core/error.hpp"

namespace ves::io_itk {
namespace {
namespace fs = std::filesystem;

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an error";
  return {};
}

Geometry shifted(double x) {
  Geometry g;
  g.spacing = {1.0, 1.0, 2.0};
  g.origin = {x, -5.0, 3.0};
  return g;
}

class FileDataset : public ::testing::Test {
 protected:
  // A 4x3x2 volume with voxel (x, y, z) = 100 x + 10 y + z + offset.
  void write_image(const std::string& relative, double offset, Geometry g = shifted(0.0)) {
    Volume v = test::coded_volume(4, 3, 2, g);
    v.data += offset;
    ItkImageWriter(WriteOptions{true, PixelType::Float32}).write(v, folder_ / relative);
  }
  void write_mask(const std::string& relative, Geometry g = shifted(0.0)) {
    Volume v = test::coded_volume(4, 3, 2, g);
    v.data = (v.data > 150).to(at::kFloat);
    ItkImageWriter().write(v, folder_ / relative);
  }
  test::TempFolder folder_;
};

TEST_F(FileDataset, ListsCsvTableCasesSortedWithSubjectsScalarsAndMetadata) {
  write_image("img/b_t1.nii.gz", 0);
  write_image("img/b_t2.nii.gz", 1000);
  write_mask("img/b_mask.nii.gz");
  write_image("img/a_t1.nii.gz", 0);
  write_image("img/a_t2.nii.gz", 1000);
  test::write_file(
      folder_ / "tables/cases.csv",
      "case,patient,t1,t2,mask,fracture,site\n"
      "b,P2,../img/b_t1.nii.gz,../img/b_t2.nii.gz,../img/b_mask.nii.gz,1,\"Lyon, FR\"\n"
      "\n"
      "a,P1,../img/a_t1.nii.gz,../img/a_t2.nii.gz,,0,Oslo\n");
  TableColumns columns;
  columns.channels = {"t1", "t2"};
  columns.label = "mask";
  columns.class_column = "fracture";
  const auto cases = cases_from_table(read_case_table(folder_ / "tables/cases.csv"), columns);
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(cases[0].ref.case_id, "a");
  EXPECT_EQ(cases[0].ref.subject_id, "P1");
  EXPECT_EQ(cases[0].ref.scalars.at("fracture"), 0.0);
  EXPECT_TRUE(cases[0].label.empty());
  EXPECT_EQ(cases[1].ref.case_id, "b");
  EXPECT_EQ(cases[1].ref.scalars.at("fracture"), 1.0);
  EXPECT_EQ(cases[1].ref.meta, (std::map<std::string, std::string>{{"site", "Lyon, FR"}}));
  EXPECT_EQ(cases[1].images[1], (folder_ / "img/b_t2.nii.gz").lexically_normal());
  EXPECT_EQ(cases[1].origin, (folder_ / "tables/cases.csv").string() + ":2");

  const Sample sample = load_case(cases[1], VolumeReader(), false);
  EXPECT_EQ(sample.case_id, "b");
  EXPECT_EQ(sample.subject_id, "P2");
  EXPECT_EQ(sample.scalars.at("fracture"), 1.0);
  EXPECT_EQ(sample.meta.at("site"), "Lyon, FR");
  const Volume& image = sample.volume("image");
  ASSERT_EQ(image.data.sizes(), (std::vector<int64_t>{2, 2, 3, 4}));
  EXPECT_EQ(image.data[1][1][2][3].item<float>(), 1000.0f + 321.0f);
  EXPECT_TRUE(image.geometry.approx_equal(shifted(0.0)));
  EXPECT_EQ(sample.volume("label").data.sum().item<float>(), 12.0f);  // x >= 2 of 24 voxels
  EXPECT_FALSE(load_case(cases[0], VolumeReader(), false).has_volume("label"));
}

TEST_F(FileDataset, ReadsYamlTables) {
  write_image("x.nii.gz", 0);
  test::write_file(folder_ / "cases.yaml",
                   "cases:\n"
                   "  - {case: c2, image: x.nii.gz, subject: s1, grade: 3}\n"
                   "  - {case: c1, image: x.nii.gz, subject: s1}\n");
  TableColumns columns;
  const auto cases = cases_from_table(read_case_table(folder_ / "cases.yaml"), columns);
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(cases[0].ref.case_id, "c1");
  EXPECT_EQ(cases[0].ref.subject_id, "s1");
  EXPECT_EQ(cases[0].ref.meta.at("grade"), "");
  EXPECT_EQ(cases[1].ref.meta.at("grade"), "3");
  EXPECT_EQ(cases[1].images[0], folder_ / "x.nii.gz");
}

TEST_F(FileDataset, TableProblemsNameTheTableAndWhatIsWrong) {
  write_image("x.nii.gz", 0);
  test::write_file(folder_ / "t.csv", "case,image\nc1,x.nii.gz\nc1,x.nii.gz\nc2,gone.nii.gz\n");
  const CaseTable table = read_case_table(folder_ / "t.csv");
  TableColumns columns;
  columns.label = "mask";
  std::string message = message_of([&] { cases_from_table(table, columns); });
  EXPECT_NE(message.find("has no column 'mask' (named by label); its columns are case, image"),
            std::string::npos)
      << message;
  message = message_of([&] { cases_from_table(table, TableColumns{}); });
  EXPECT_NE(message.find("gone.nii.gz does not exist"), std::string::npos) << message;
  EXPECT_NE(message.find("t.csv:4"), std::string::npos) << message;
  test::write_file(folder_ / "d.csv", "case,image\nc1,x.nii.gz\nc1,x.nii.gz\n");
  message = message_of([&] { cases_from_table(read_case_table(folder_ / "d.csv"), {}); });
  EXPECT_NE(message.find("case id 'c1' is listed twice"), std::string::npos) << message;
  test::write_file(folder_ / "q.csv", "case,image\n\"c1,x.nii.gz\n");
  message = message_of([&] { read_case_table(folder_ / "q.csv"); });
  EXPECT_NE(message.find("q.csv:2: a quoted cell is not closed"), std::string::npos) << message;
}

TEST_F(FileDataset, ListsPatternMatchesWithChannelAndLabelPatterns) {
  for (const std::string subject : {"02", "01"}) {
    write_image("sub-" + subject + "/dwi.nii.gz", 0);
    write_image("sub-" + subject + "/adc.nii.gz", 1000);
    write_mask("sub-" + subject + "/mask.nii.gz");
  }
  write_image("sub-03/other.nii.gz", 0);  // no dwi: not a case
  PatternSpec spec;
  spec.root = folder_.path();
  spec.pattern = "sub-{case}/dwi.nii.gz";
  spec.channels = {"sub-{case}/dwi.nii.gz", "sub-{case}/adc.nii.gz"};
  spec.label = "sub-{case}/mask.nii.gz";
  const auto cases = cases_from_pattern(spec);
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(cases[0].ref.case_id, "01");
  EXPECT_EQ(cases[0].ref.subject_id, "01");
  EXPECT_EQ(cases[1].label, folder_ / "sub-02/mask.nii.gz");
  const Sample sample = load_case(cases[1], VolumeReader(), false);
  EXPECT_EQ(sample.volume("image").channels(), 2);
  EXPECT_TRUE(sample.has_volume("label"));
}

TEST_F(FileDataset, PatternCapturesFillIdsMetadataAndClass) {
  std::vector<double> values(24, 1.0);
  const std::string npy = test::npy_bytes("<f4", {4, 3, 2}, false, test::raw_bytes<float>(values));
  test::write_file(folder_ / "vol_P01_L1_1.npy", npy);
  test::write_file(folder_ / "vol_P01_T12_0.npy", npy);
  test::write_file(folder_ / "vol_P02_L1_0.npy", npy);
  test::write_file(folder_ / "notes.txt", "not a case");
  PatternSpec spec;
  spec.root = folder_.path();
  spec.pattern = "vol_{patient}_{vertebra}_{fracture}.npy";
  spec.class_capture = "fracture";
  const auto cases = cases_from_pattern(spec);
  ASSERT_EQ(cases.size(), 3u);
  EXPECT_EQ(cases[0].ref.case_id, "P01_L1_1");
  EXPECT_EQ(cases[0].ref.subject_id, "P01");
  EXPECT_EQ(cases[0].ref.meta, (std::map<std::string, std::string>{{"vertebra", "L1"}}));
  EXPECT_EQ(cases[0].ref.scalars.at("fracture"), 1.0);
  EXPECT_EQ(cases[1].ref.meta.at("vertebra"), "T12");
  EXPECT_EQ(cases[2].ref.subject_id, "P02");
  EXPECT_EQ(load_case(cases[2], VolumeReader(), false).volume("image").data.sizes(),
            (std::vector<int64_t>{1, 2, 3, 4}));
}

TEST_F(FileDataset, AMissingChannelFileOfAMatchedCaseIsNamed) {
  write_image("sub-01/dwi.nii.gz", 0);
  PatternSpec spec;
  spec.root = folder_.path();
  spec.pattern = "sub-{case}/dwi.nii.gz";
  spec.label = "sub-{case}/mask.nii.gz";
  const std::string message = message_of([&] { cases_from_pattern(spec); });
  EXPECT_NE(message.find("case 01"), std::string::npos) << message;
  EXPECT_NE(
      message.find("label file " + (folder_ / "sub-01/mask.nii.gz").string() + " does not exist"),
      std::string::npos)
      << message;
  spec.label = "sub-{subject}/mask.nii.gz";
  EXPECT_NE(message_of([&] { cases_from_pattern(spec); }).find("uses {subject}"),
            std::string::npos);
}

TEST_F(FileDataset, ALabelOnAnotherGridIsAnErrorNamingBothFilesUnlessResampled) {
  write_image("img.nii.gz", 0);
  write_mask("mask.nii.gz", shifted(1.0));  // one voxel along x
  CaseFiles files;
  files.ref.case_id = "c1";
  files.images = {folder_ / "img.nii.gz"};
  files.label = folder_ / "mask.nii.gz";
  const std::string message = message_of([&] { load_case(files, VolumeReader(), false); });
  EXPECT_EQ(message.rfind("case c1: label " + files.label.string(), 0), 0u) << message;
  EXPECT_NE(message.find("is not on the grid of image " + files.images[0].string()),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("origin (1, -5, 3)"), std::string::npos) << message;
  EXPECT_NE(message.find("resample_to_first"), std::string::npos) << message;

  const Sample sample = load_case(files, VolumeReader(), true);
  const Volume& label = sample.volume("label");
  EXPECT_TRUE(label.geometry.approx_equal(sample.volume("image").geometry));
  // Mask voxel x' = x - 1 is 1 where 100 x' + 10 y + z > 150, i.e. x' >= 2 -> x = 3 only
  // (x = 0 lies outside the mask's grid and gets 0); nearest neighbour keeps labels binary.
  EXPECT_EQ(label.data.sum().item<float>(), 6.0f);
  EXPECT_TRUE(at::equal(label.data, label.data.round()));
}

TEST_F(FileDataset, AChannelOnAnotherGridIsAnErrorUnlessResampledLinearly) {
  write_image("a.nii.gz", 0);
  Geometry half = shifted(0.5);
  write_image("b.nii.gz", 0, half);
  CaseFiles files;
  files.ref.case_id = "c1";
  files.images = {folder_ / "a.nii.gz", folder_ / "b.nii.gz"};
  const std::string message = message_of([&] { load_case(files, VolumeReader(), false); });
  EXPECT_NE(message.find((folder_ / "b.nii.gz").string() + " (4x3x2 voxels"), std::string::npos)
      << message;
  EXPECT_NE(message.find("is not on the grid of " + (folder_ / "a.nii.gz").string()),
            std::string::npos)
      << message;
  const Volume image = load_case(files, VolumeReader(), true).volume("image");
  // Channel b at a's x = 1 is b's continuous x = 0.5: halfway between 0 and 100.
  EXPECT_NEAR(image.data[1][1][2][1].item<float>(), 50.0f + 21.0f, 1e-3);
}

TEST(FilePatternSyntax, MatchesSegmentsRepeatsAndSubstitutes) {
  const FilePattern pattern("{case}/{case}_{modality}.nii.gz");
  EXPECT_EQ(pattern.names(), (std::vector<std::string>{"case", "modality"}));
  const auto captures = pattern.match("c1/c1_t1.nii.gz");
  ASSERT_TRUE(captures);
  EXPECT_EQ(captures->at("modality"), "t1");
  EXPECT_FALSE(pattern.match("c1/c2_t1.nii.gz"));      // {case} must repeat
  EXPECT_FALSE(pattern.match("a/b/c1/c1_t1.nii.gz"));  // a capture is one segment at most
  EXPECT_FALSE(pattern.match("c1/c1_t1.nii.gz.bak"));  // whole path
  EXPECT_EQ(pattern.substitute({{"case", "x"}, {"modality", "adc"}}), "x/x_adc.nii.gz");
  EXPECT_THROW(FilePattern("vol_{patient.npy"), Error);
  EXPECT_THROW(FilePattern("vol_{1x}.npy"), Error);
  EXPECT_TRUE(FilePattern("a+b(1).nii").match("a+b(1).nii"));  // regex characters are literal
}

TEST(CaseTableCsv, HandlesQuotesCrLfAndShortRows) {
  const CaseTable table = parse_csv(
      "case, image ,note\r\n\"a\",\"x \"\"1\"\".nii\",\"two\nlines\"\r\nb,y.nii\r\n", ',', "t.csv");
  EXPECT_EQ(table.columns, (std::vector<std::string>{"case", "image", "note"}));
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[0].at("image"), "x \"1\".nii");
  EXPECT_EQ(table.rows[0].at("note"), "two\nlines");
  EXPECT_EQ(table.rows[1].at("note"), "");
  EXPECT_EQ(table.lines, (std::vector<size_t>{2, 4}));
  EXPECT_THROW(parse_csv("case\na,b\n", ',', "t.csv"), DataError);
}

}  // namespace
}  // namespace ves::io_itk
