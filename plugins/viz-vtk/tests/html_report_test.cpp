// The HTML report of a run folder: sections from what stages wrote, worst cases first, and
// every link and image pointing to a file that exists.
#include "html_report.hpp"

#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "png_file.hpp"
#include "ves/core/error.hpp"

namespace ves::viz {
namespace {

namespace fs = std::filesystem;

void put(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// A run with a train stage (metrics, a picture) and an infer stage (scores, overlays, meshes).
fs::path fake_run() {
  const fs::path run = fs::temp_directory_path() / ("ves_report_" + std::to_string(::getpid()));
  fs::remove_all(run);
  put(run / "run.json", R"({"stages": ["summary", "train", "infer"], "seed": 42,
                              "started": "2026-12-03T09:00:00Z"})");
  put(run / "summary" / "summary.txt", "cases: 3 <all readable>\n");
  put(run / "summary" / "cases.csv", "case\ngood\n");
  put(run / "config.yaml", "name: demo\nmodel: {type: unet3d}  # <b>not html</b>\n");
  put(run / "train" / "metrics.csv", "epoch,loss,val_dice,lr\n1,0.9,,0.01\n2,0.5,0.7,0.005\n");
  write_png(at::zeros({8, 8, 3}, at::kByte), run / "train" / "pictures" / "epoch_002.png");
  put(run / "infer" / "summary.json",
      R"({"n_cases": 3, "settings": {"select_by": "dice", "select_goal": "max"},
          "thresholds": [{"threshold": 0.3, "dice": 0.5}, {"threshold": 0.5, "dice": 0.6}],
          "best_threshold": 0.5,
          "metrics": {"dice": {"mean": 0.6, "median": 0.7, "std": 0.2, "n": 3}},
          "aggregates": {"case_roc_auc": 0.9}})");
  put(run / "infer" / "per_case.csv", "case,dice\ngood,0.9\nbad,0.2\nmid,0.7\n");
  write_png(at::zeros({8, 8, 3}, at::kByte), run / "infer" / "pictures" / "bad_overlay.png");
  put(run / "infer" / "meshes" / "bad_prediction.vtp", "<VTKFile/>");
  return run;
}

TEST(HtmlReport, ShowsEachStageAndListsTheWorstCaseFirst) {
  const fs::path run = fake_run();
  const fs::path page = write_report(run, run / "report", ReportOptions{});
  const std::string html = slurp(page);
  EXPECT_NE(html.find("<h2>Stage train</h2>"), std::string::npos);
  EXPECT_NE(html.find("cases: 3 &lt;all readable&gt;"), std::string::npos);  // summary.txt
  EXPECT_NE(html.find("href=\"../summary/cases.csv\""), std::string::npos);
  EXPECT_NE(html.find("<h2>Stage infer</h2>"), std::string::npos);
  EXPECT_NE(html.find("case_roc_auc"), std::string::npos);
  EXPECT_LT(html.find(">bad<"), html.find(">mid<"));  // dice 0.2, then 0.7, then 0.9
  EXPECT_LT(html.find(">mid<"), html.find(">good<"));
  EXPECT_NE(html.find("&lt;b&gt;not html&lt;/b&gt;"), std::string::npos);  // config escaped
  EXPECT_TRUE(fs::exists(run / "report" / "train_curves.png"));            // drawn from metrics.csv
  fs::remove_all(run);
}

TEST(HtmlReport, LinksOnlyFilesThatExist) {
  const fs::path run = fake_run();
  const fs::path page = write_report(run, run / "report", ReportOptions{});
  const std::string html = slurp(page);
  const std::regex link(R"((?:src|href)="([^"]+)\")");
  int links = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), link); it != std::sregex_iterator();
       ++it) {
    const fs::path target = run / "report" / (*it)[1].str();
    EXPECT_TRUE(fs::exists(target)) << (*it)[1].str();
    ++links;
  }
  EXPECT_GE(links, 5);  // curves, epoch picture, overlay (img + link), mesh link
  EXPECT_NE(html.find("../infer/meshes/bad_prediction.vtp"), std::string::npos);
  // Parts can be left out.
  ReportOptions none;
  none.curves = none.overlays = none.meshes = none.config = false;
  const std::string bare = slurp(write_report(run, run / "bare", none));
  EXPECT_EQ(bare.find("curves.png"), std::string::npos);
  EXPECT_EQ(bare.find("overlay"), std::string::npos);
  EXPECT_EQ(bare.find(".vtp"), std::string::npos);
  EXPECT_EQ(bare.find("Configuration"), std::string::npos);
  fs::remove_all(run);
}

TEST(HtmlReport, RefusesAFolderThatIsNotARun) {
  const fs::path dir = fs::temp_directory_path() / ("ves_not_run_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  try {
    write_report(dir, dir / "report", ReportOptions{});
    FAIL() << "accepted";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("is not a Vesalius run folder (no run.json)"),
              std::string::npos);
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ves::viz
