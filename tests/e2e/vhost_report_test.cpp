// Pictures and the HTML report end to end: a tiny segmentation run with the viz-vtk callbacks
// and a report stage, then `vhost report` on the finished run.
#include <gtest/gtest.h>

#include <regex>

#include "vhost_test_support.hpp"

using namespace vhost_test;
namespace fs = std::filesystem;

namespace {

const char* kPipeline =
    "name: pics\nseed: 2\nthreads: 1\n"
    "dataset: {type: phantom, cases: 6, seed: 2, size: [24, 24, 12], spacing: [1.5, 1.5, 3.0],\n"
    "          lesions_min: 1}\n"
    "split: {folds: 2, fold: 0, test_fraction: 0.34}\n"
    "model: {type: unet3d, depth: 2, base_channels: 4, max_channels: 8}\n"
    "stages: [train, infer, report]\n"
    "callbacks:\n"
    "  - {type: curves, stages: [train]}\n"
    "  - {type: overlays, stages: [infer], panel_px: 64}\n"
    "  - {type: surfaces, stages: [infer], formats: [vtp, stl]}\n"
    "train:\n"
    "  sampler: {type: patch, patch_size: [16, 16, 8], foreground_ratio: 0.5}\n"
    "  loss: {type: compound, terms: [{type: dice}, {type: bce}]}\n"
    "  inferer: {type: whole_volume, divisor: 4}\n"
    "  epochs: 2\n  iterations_per_epoch: 2\n  batch_size: 2\n"
    "infer:\n"
    "  inferer: {type: whole_volume, divisor: 4}\n"
    "  threshold: 0.01\n"  // an untrained net: a low threshold still gives masks to draw
    "  writer: {type: itk}\n"
    "  evaluator: {type: segmentation, metrics: [dice, hd95]}\n"
    "report: {type: report}\n";

/// Every src= and href= target of the page, resolved against its folder.
std::vector<fs::path> targets_of(const fs::path& page) {
  const std::string html = read(page);
  const std::regex link(R"((?:src|href)="([^"]+)\")");
  std::vector<fs::path> out;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), link); it != std::sregex_iterator();
       ++it)
    out.push_back(page.parent_path() / (*it)[1].str());
  return out;
}

TEST(VhostReport, WritesPicturesMeshesAndAReportWhoseLinksAllExist) {
  const auto dir = temp_folder("report");
  const auto file = write(dir / "pics.yaml", kPipeline);
  const auto r =
      run("run " + file.string() + " --output-dir " + (dir / "runs").string(), "CI=true");
  ASSERT_EQ(r.code, 0) << r.output;
  const fs::path run_dir = dir / "runs" / "pics";
  EXPECT_TRUE(fs::exists(run_dir / "train" / "fold_0" / "curves.png"));
  int overlays = 0, meshes = 0;
  for (const auto& e : fs::directory_iterator(run_dir / "infer" / "pictures"))
    overlays += e.path().filename().string().find("_overlay.png") != std::string::npos;
  for (const auto& e : fs::directory_iterator(run_dir / "infer" / "meshes"))
    meshes += e.path().extension() == ".vtp" || e.path().extension() == ".stl";
  EXPECT_GE(overlays, 1);
  EXPECT_GE(meshes, 2);
  const fs::path page = run_dir / "report" / "index.html";
  ASSERT_TRUE(fs::exists(page));
  const auto targets = targets_of(page);
  EXPECT_GE(targets.size(), 3u);
  for (const auto& target : targets) EXPECT_TRUE(fs::exists(target)) << target;
  EXPECT_TRUE(contains(read(page), "<h2>Stage infer</h2>"));

  // Rebuilt from the finished run, the same way.
  fs::remove_all(run_dir / "report");
  const auto again = run("report " + run_dir.string());
  ASSERT_EQ(again.code, 0) << again.output;
  for (const auto& target : targets_of(page)) EXPECT_TRUE(fs::exists(target)) << target;
  const auto wrong = run("report " + dir.string());
  EXPECT_EQ(wrong.code, 2) << wrong.output;
  EXPECT_TRUE(contains(wrong.output, "is not a Vesalius run folder (no run.json)")) << wrong.output;
  fs::remove_all(dir);
}

}  // namespace
