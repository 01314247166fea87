// vhost evaluate, run as a user would: real AAL atlas regions against shifted and dilated copies
// written here, with values from an independent numpy/scipy computation
// (reference/aal_evaluate_reference.py), failed cases, the sweep and the Slicer XML.
#include <gtest/gtest.h>
#include <itkImage.h>
#include <itkImageFileWriter.h>
#include <itkNiftiImageIOFactory.h>

#include <map>
#include <sstream>

#include "nifti_reader.hpp"
#include "ves_test/real_data.hpp"
#include "vhost_test_support.hpp"

using namespace vhost_test;
namespace fs = std::filesystem;

namespace {

using Mask = itk::Image<uint8_t, 3>;

Mask::Pointer read_mask(const fs::path& file) {
  auto reader = nifti_reader<uint8_t>(file);
  reader->Update();
  return reader->GetOutput();
}

void write_mask(const Mask::Pointer& image, const fs::path& file) {
  itk::NiftiImageIOFactory::RegisterOneFactory();
  auto writer = itk::ImageFileWriter<Mask>::New();
  writer->SetFileName(file.string());
  writer->SetInput(image);
  writer->Update();
}

// A new image on `like`'s grid: 1 where `inside(x, y, z)`.
template <typename Inside>
Mask::Pointer mask_like(const Mask::Pointer& like, Inside inside) {
  auto out = Mask::New();
  out->CopyInformation(like);
  out->SetRegions(like->GetLargestPossibleRegion());
  out->Allocate(true);
  const auto size = like->GetLargestPossibleRegion().GetSize();
  for (itk::IndexValueType z = 0; z < static_cast<itk::IndexValueType>(size[2]); ++z)
    for (itk::IndexValueType y = 0; y < static_cast<itk::IndexValueType>(size[1]); ++y)
      for (itk::IndexValueType x = 0; x < static_cast<itk::IndexValueType>(size[0]); ++x)
        if (inside(x, y, z)) out->SetPixel({{x, y, z}}, 1);
  return out;
}

// per_case.csv as case -> column -> text.
std::map<std::string, std::map<std::string, std::string>> read_per_case(const fs::path& file) {
  std::istringstream in(read(file));
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  std::stringstream h(line);
  for (std::string cell; std::getline(h, cell, ',');) header.push_back(cell);
  std::map<std::string, std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    std::stringstream r(line);
    std::map<std::string, std::string> row;
    size_t i = 0;
    for (std::string cell; std::getline(r, cell, ',') && i < header.size(); ++i)
      row[header[i]] = cell;
    rows[row["case"]] = row;
  }
  return rows;
}

double number(const std::map<std::string, std::string>& row, const std::string& column) {
  return std::stod(row.at(column));
}

}  // namespace

TEST(VhostEvaluate, ScoresRealAalRegionsAgainstShiftedAndDilatedCopies) {
  const auto atlas_file = ves_test::real_data("debian/usr/share/mricron/templates") / "aal.nii.gz";
  VES_REQUIRE_REAL_DATA(atlas_file);
  const auto dir = temp_folder("evaluate_aal");
  fs::create_directories(dir / "pred");
  fs::create_directories(dir / "ref");
  const auto atlas = read_mask(atlas_file);
  const auto size = atlas->GetLargestPossibleRegion().GetSize();
  const auto label = [&](itk::IndexValueType x, itk::IndexValueType y, itk::IndexValueType z) {
    const bool in = x >= 0 && y >= 0 && z >= 0 && x < static_cast<itk::IndexValueType>(size[0]) &&
                    y < static_cast<itk::IndexValueType>(size[1]) &&
                    z < static_cast<itk::IndexValueType>(size[2]);
    return in ? atlas->GetPixel({{x, y, z}}) : uint8_t{0};
  };
  // precentral: region 1 vs the region moved 2 voxels along +x.
  write_mask(mask_like(atlas, [&](auto x, auto y, auto z) { return label(x, y, z) == 1; }),
             dir / "ref" / "precentral.nii.gz");
  write_mask(mask_like(atlas, [&](auto x, auto y, auto z) { return label(x - 2, y, z) == 1; }),
             dir / "pred" / "precentral_mask.nii.gz");
  // orbital: region 5 vs its one-voxel 6-neighbour dilation, on a 0.8 x 1 x 2.5 mm grid.
  auto ref = mask_like(atlas, [&](auto x, auto y, auto z) { return label(x, y, z) == 5; });
  auto pred = mask_like(atlas, [&](auto x, auto y, auto z) {
    return label(x, y, z) == 5 || label(x - 1, y, z) == 5 || label(x + 1, y, z) == 5 ||
           label(x, y - 1, z) == 5 || label(x, y + 1, z) == 5 || label(x, y, z - 1) == 5 ||
           label(x, y, z + 1) == 5;
  });
  const double spacing[3] = {0.8, 1.0, 2.5};
  ref->SetSpacing(spacing);
  pred->SetSpacing(spacing);
  write_mask(ref, dir / "ref" / "orbital.nii.gz");
  write_mask(pred, dir / "pred" / "orbital_mask.nii.gz");
  // A prediction without its reference.
  write_mask(pred, dir / "pred" / "lonely_mask.nii.gz");

  const auto r =
      run("evaluate --pred " + (dir / "pred").string() + " --ref " + (dir / "ref").string() +
              " --pred-suffix _mask --out " + (dir / "out").string(),
          "CI=true");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "failed: 1")) << r.output;
  EXPECT_TRUE(contains(r.output, "summary.json")) << r.output;

  const auto rows = read_per_case(dir / "out" / "per_case.csv");
  ASSERT_EQ(rows.size(), 2u);
  // Values from reference/aal_evaluate_reference.py (numpy 1.24, scipy 1.10).
  const auto& pc = rows.at("precentral");
  EXPECT_NEAR(number(pc, "dice"), 0.8800312344714986, 1e-9);
  EXPECT_NEAR(number(pc, "iou"), 0.7857640869620334, 1e-9);
  EXPECT_EQ(number(pc, "tp"), 24794);
  EXPECT_EQ(number(pc, "fp"), 3380);
  EXPECT_EQ(number(pc, "fn"), 3380);
  EXPECT_NEAR(number(pc, "volume_ref_ml"), 28.174, 1e-9);
  EXPECT_NEAR(number(pc, "volume_diff_ml"), 0.0, 1e-9);
  EXPECT_EQ(number(pc, "lesion_tp"), 1);
  EXPECT_EQ(number(pc, "lesion_fp"), 0);
  EXPECT_NEAR(number(pc, "hd"), 2.0, 1e-6);
  EXPECT_NEAR(number(pc, "hd95"), 2.0, 1e-6);
  EXPECT_NEAR(number(pc, "assd"), 0.8542601906347599, 1e-6);
  EXPECT_NEAR(number(pc, "masd"), 0.8542601906347599, 1e-6);
  EXPECT_NEAR(number(pc, "nsd"), 0.6722657426935824, 1e-9);
  const auto& orb = rows.at("orbital");
  EXPECT_NEAR(number(orb, "dice"), 0.7984144369686539, 1e-9);
  EXPECT_EQ(number(orb, "fp"), 3865);
  EXPECT_EQ(number(orb, "fn"), 0);
  // NIfTI stores the spacing as float32: 0.8 reads back as 0.800000011920929.
  EXPECT_NEAR(number(orb, "volume_ref_ml"), 15.308, 1e-6);
  EXPECT_NEAR(number(orb, "volume_diff_ml"), 7.73, 1e-6);
  EXPECT_NEAR(number(orb, "hd"), 2.692582403567252, 1e-6);
  EXPECT_NEAR(number(orb, "hd95"), 2.5, 1e-6);
  EXPECT_NEAR(number(orb, "assd"), 1.296322900913211, 1e-6);
  EXPECT_NEAR(number(orb, "masd"), 1.2948299545397735, 1e-6);
  EXPECT_NEAR(number(orb, "nsd"), 0.6211372936362354, 1e-9);

  const std::string summary = read(dir / "out" / "summary.json");
  EXPECT_TRUE(contains(summary, "\"convention\": \"metricsreloaded\"")) << summary;
  EXPECT_TRUE(contains(summary, "\"n_cases\": 2")) << summary;
  EXPECT_TRUE(contains(summary, "\"case\": \"lonely\"")) << summary;
  EXPECT_TRUE(contains(summary, "no reference file for prediction")) << summary;
  EXPECT_TRUE(contains(summary, "\"detection_rate\": 1.0")) << summary;

  // The same cases under google-deepmind/surface-distance's definitions (surface elements
  // weighted by area), from the same script.
  const auto dm = run("evaluate --pred " + (dir / "pred").string() + " --ref " +
                          (dir / "ref").string() + " --pred-suffix _mask --convention deepmind" +
                          " --out " + (dir / "out_deepmind").string(),
                      "CI=true");
  ASSERT_EQ(dm.code, 0) << dm.output;
  const auto dm_rows = read_per_case(dir / "out_deepmind" / "per_case.csv");
  const auto& dpc = dm_rows.at("precentral");
  EXPECT_NEAR(number(dpc, "hd"), 2.0, 1e-6);
  EXPECT_NEAR(number(dpc, "hd95"), 2.0, 1e-6);
  EXPECT_NEAR(number(dpc, "asd_pred_to_ref"), 0.6548763850883547, 1e-9);
  EXPECT_NEAR(number(dpc, "asd_ref_to_pred"), 0.6593136815356809, 1e-9);
  EXPECT_NEAR(number(dpc, "assd"), 0.6570950333120178, 1e-9);
  EXPECT_NEAR(number(dpc, "nsd"), 0.8297001404470551, 1e-9);
  const auto& dorb = dm_rows.at("orbital");
  EXPECT_NEAR(number(dorb, "hd"), 2.692582403567252, 1e-6);
  EXPECT_NEAR(number(dorb, "hd95"), 2.5, 1e-6);
  EXPECT_NEAR(number(dorb, "asd_pred_to_ref"), 0.7917681156237173, 1e-6);
  EXPECT_NEAR(number(dorb, "asd_ref_to_pred"), 0.6578236855544398, 1e-6);
  EXPECT_NEAR(number(dorb, "assd"), 0.728417475411051, 1e-6);
  EXPECT_NEAR(number(dorb, "nsd"), 0.8529021221958697, 1e-6);
  EXPECT_TRUE(
      contains(read(dir / "out_deepmind" / "summary.json"), "\"convention\": \"deepmind\""));
  fs::remove_all(dir);
}

TEST(VhostEvaluate, SweepsThresholdsOfProbabilityMapsAndPicksTheBest) {
  const auto dir = temp_folder("evaluate_sweep");
  fs::create_directories(dir / "pred");
  fs::create_directories(dir / "ref");
  using Prob = itk::Image<float, 3>;
  auto ref = Mask::New();
  Mask::RegionType region;
  region.SetSize({{10, 10, 10}});
  ref->SetRegions(region);
  ref->Allocate(true);
  auto prob = Prob::New();
  prob->SetRegions(region);
  prob->Allocate(true);
  // Reference: the cube 2..5; probability 0.8 inside it, 0.4 on the x = 6 face next to it.
  for (itk::IndexValueType z = 2; z <= 5; ++z)
    for (itk::IndexValueType y = 2; y <= 5; ++y) {
      for (itk::IndexValueType x = 2; x <= 5; ++x) {
        ref->SetPixel({{x, y, z}}, 1);
        prob->SetPixel({{x, y, z}}, 0.8f);
      }
      prob->SetPixel({{6, y, z}}, 0.4f);
    }
  write_mask(ref, dir / "ref" / "cube.nii.gz");
  auto writer = itk::ImageFileWriter<Prob>::New();
  writer->SetFileName((dir / "pred" / "cube.nii.gz").string());
  writer->SetInput(prob);
  writer->Update();

  const auto r = run("evaluate --pred " + (dir / "pred").string() + " --ref " +
                         (dir / "ref").string() + " --out " + (dir / "out").string() +
                         " --thresholds 0.3:0.9:0.3 --metrics dice,fp --threads 1",
                     "CI=true");
  ASSERT_EQ(r.code, 0) << r.output;
  const std::string summary = read(dir / "out" / "summary.json");
  // 0.3: 64 TP + 16 FP -> Dice 128/144; 0.6: Dice 1; 0.9: nothing predicted -> Dice 0.
  EXPECT_TRUE(contains(summary, "\"best_threshold\": 0.6")) << summary;
  EXPECT_TRUE(contains(summary, "\"threshold\": 0.9")) << summary;
  EXPECT_TRUE(contains(summary, "\"voxel_roc_auc\": 1.0")) << summary;
  const auto rows = read_per_case(dir / "out" / "per_case.csv");
  EXPECT_NEAR(number(rows.at("cube"), "dice"), 1.0, 1e-12);  // operating threshold 0.5
  fs::remove_all(dir);
}

TEST(VhostEvaluate, DrawsOverlaysOfTheWorstCasesWithTheirImages) {
  // Two cases: "good" predicted exactly, "bad" shifted; --pictures 1 draws only the worse one.
  const auto dir = temp_folder("evaluate_images");
  for (const char* sub : {"pred", "ref", "img"}) fs::create_directories(dir / sub);
  auto blank = Mask::New();
  Mask::RegionType region;
  region.SetSize({{16, 16, 8}});
  blank->SetRegions(region);
  blank->Allocate(true);
  const auto cube = [](int shift) {
    return [shift](auto x, auto y, auto z) {
      return x >= 4 + shift && x < 10 + shift && y >= 4 && y < 10 && z >= 2 && z < 6;
    };
  };
  for (const char* id : {"good", "bad"}) {
    write_mask(mask_like(blank, cube(0)), dir / "ref" / (std::string(id) + ".nii.gz"));
    write_mask(mask_like(blank, cube(std::string(id) == "bad" ? 3 : 0)),
               dir / "pred" / (std::string(id) + ".nii.gz"));
    write_mask(mask_like(blank, [](auto x, auto, auto) { return x % 2 == 0; }),
               dir / "img" / (std::string(id) + "_ct.nii.gz"));
  }
  const auto r =
      run("evaluate --pred " + (dir / "pred").string() + " --ref " + (dir / "ref").string() +
              " --out " + (dir / "out").string() + " --images " + (dir / "img").string() +
              " --image-suffix _ct --pictures 1 --metrics dice --threads 1",
          "CI=true");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(fs::exists(dir / "out" / "pictures" / "bad_overlay.png")) << r.output;
  EXPECT_FALSE(fs::exists(dir / "out" / "pictures" / "good_overlay.png")) << r.output;
  EXPECT_TRUE(contains(r.output, "overlays: 1 of the worst cases")) << r.output;
  // The HTML report of the scores: worst case first, with its overlay copied beside the page.
  const fs::path page = dir / "out" / "report" / "index.html";
  ASSERT_TRUE(fs::exists(page)) << r.output;
  const std::string html = read(page);
  EXPECT_TRUE(contains(html, "vhost evaluate")) << html;
  EXPECT_LT(html.find(">bad<"), html.find(">good<")) << html;
  EXPECT_TRUE(contains(html, "src=\"out_bad_overlay.png\"")) << html;
  EXPECT_TRUE(fs::exists(dir / "out" / "report" / "out_bad_overlay.png"));
  // vhost report rewrites it from the folder.
  fs::remove_all(dir / "out" / "report");
  const auto again = run("report " + (dir / "out").string());
  ASSERT_EQ(again.code, 0) << again.output;
  EXPECT_TRUE(fs::exists(page));
  fs::remove_all(dir);
}

TEST(VhostEvaluate, ExplainsBadUsageAndPrintsTheSlicerModule) {
  const auto xml = run("evaluate --xml");
  ASSERT_EQ(xml.code, 0) << xml.output;
  EXPECT_TRUE(contains(xml.output, "<executable>")) << xml.output;
  EXPECT_TRUE(contains(xml.output, "<longflag>--pred</longflag>")) << xml.output;
  const auto missing = run("evaluate --pred /nonexistent --ref /nonexistent --out /tmp/x");
  EXPECT_EQ(missing.code, 2) << missing.output;
  EXPECT_TRUE(contains(missing.output, "/nonexistent is not a folder")) << missing.output;
  const auto no_args = run("evaluate");
  EXPECT_EQ(no_args.code, 2) << no_args.output;
  EXPECT_TRUE(contains(no_args.output, "needs --pred DIR, --ref DIR and --out DIR"))
      << no_args.output;
  const auto bad_range = run("evaluate --pred . --ref . --out /tmp/x --thresholds 0.9:0.1:0.1");
  EXPECT_EQ(bad_range.code, 2) << bad_range.output;
  EXPECT_TRUE(contains(bad_range.output, "--thresholds '0.9:0.1:0.1'")) << bad_range.output;
}
