// vhost run end to end on phantom data: run folder contents, refusal to overwrite, resume.
#include <gtest/gtest.h>

#include <fstream>

#include "vhost_test_support.hpp"

using namespace vhost_test;
namespace fs = std::filesystem;

namespace {
std::string small_pipeline() {
  return "name: small\n"
         "seed: 5\n"
         "threads: 1\n"
         "dataset: {type: phantom, cases: 3, size: [24, 20, 8]}\n"
         "stages: [summary, export]\n"
         "summary: {type: dataset_summary}\n"
         "export: {type: export, writer: {type: itk}, extension: .nii.gz}\n";
}
}  // namespace

TEST(VhostRun, WritesConfigLogSummaryAndImagesIntoTheRunFolder) {
  const auto dir = temp_folder("run");
  const auto file = write(dir / "p.yaml", small_pipeline());
  const auto r =
      run("run " + file.string() + " --output-dir " + (dir / "runs").string(), "CI=true");
  ASSERT_EQ(r.code, 0) << r.output;
  const auto run_dir = dir / "runs" / "small";
  EXPECT_TRUE(contains(read(run_dir / "config.yaml"), "seed: 5"));
  EXPECT_TRUE(contains(read(run_dir / "log.txt"), "stage 2/2 export (export)"));
  EXPECT_TRUE(contains(read(run_dir / "run.json"), "\"seed\": 5"));
  EXPECT_TRUE(fs::exists(run_dir / "FINISHED"));
  const auto cases = read(run_dir / "summary" / "cases.csv");
  EXPECT_TRUE(contains(cases, "case,subject,size_x,size_y,size_z")) << cases;
  EXPECT_TRUE(contains(cases, "phantom_002")) << cases;
  EXPECT_TRUE(contains(read(run_dir / "summary" / "summary.json"), "\"cases\": 3"));
  EXPECT_TRUE(fs::exists(run_dir / "export" / "phantom_000" / "image.nii.gz"));
  EXPECT_TRUE(fs::exists(run_dir / "export" / "phantom_000" / "label.nii.gz"));
}

TEST(VhostRun, RefusesToOverwriteAFinishedRunWithoutForce) {
  const auto dir = temp_folder("overwrite");
  const auto file = write(dir / "p.yaml", small_pipeline());
  const std::string args = "run " + file.string() + " --output-dir " + (dir / "runs").string();
  ASSERT_EQ(run(args, "CI=true").code, 0);
  const auto again = run(args, "CI=true");
  EXPECT_EQ(again.code, 2) << again.output;
  EXPECT_TRUE(contains(again.output, "already finished; pass --force to overwrite it"))
      << again.output;
  EXPECT_EQ(run(args + " --force", "CI=true").code, 0);
}

TEST(VhostRun, ResumesAnInterruptedRunSkippingFinishedStages) {
  const auto dir = temp_folder("resume");
  const auto file = write(dir / "p.yaml", small_pipeline());
  const std::string args = "run " + file.string() + " --output-dir " + (dir / "runs").string();
  ASSERT_EQ(run(args, "CI=true").code, 0);
  // Simulate a crash during the export stage: unfinished run, export not marked finished.
  fs::remove(dir / "runs" / "small" / "FINISHED");
  fs::remove(dir / "runs" / "small" / "export" / ".finished");
  const auto resumed = run(args, "CI=true");
  EXPECT_EQ(resumed.code, 0) << resumed.output;
  EXPECT_TRUE(contains(resumed.output, "stage 1/2 summary: already finished in this run, skipped"))
      << resumed.output;
  EXPECT_TRUE(contains(resumed.output, "stage 2/2 export (export)")) << resumed.output;
}

TEST(VhostRun, RefusesToResumeWithADifferentConfiguration) {
  const auto dir = temp_folder("resume_changed");
  const auto file = write(dir / "p.yaml", small_pipeline());
  const std::string args = "run " + file.string() + " --output-dir " + (dir / "runs").string();
  ASSERT_EQ(run(args, "CI=true").code, 0);
  fs::remove(dir / "runs" / "small" / "FINISHED");
  const auto changed = run(args + " seed=6", "CI=true");
  EXPECT_EQ(changed.code, 2) << changed.output;
  EXPECT_TRUE(contains(changed.output, "was interrupted with a different configuration"))
      << changed.output;
}

TEST(VhostRun, IsReproducibleForTheSameSeed) {
  const auto dir = temp_folder("repro");
  const auto file = write(dir / "p.yaml", small_pipeline());
  ASSERT_EQ(run("run " + file.string() + " --output-dir " + (dir / "a").string(), "CI=true").code,
            0);
  ASSERT_EQ(run("run " + file.string() + " --output-dir " + (dir / "b").string(), "CI=true").code,
            0);
  EXPECT_EQ(read(dir / "a" / "small" / "summary" / "cases.csv"),
            read(dir / "b" / "small" / "summary" / "cases.csv"));
}

TEST(VhostRun, FailsWithExitCode1AndANamedCaseWhenAStageFails) {
  const auto dir = temp_folder("fail");
  const auto file = write(dir / "p.yaml",
                          "name: f\nthreads: 1\n"
                          "dataset: {type: phantom, cases: 2, size: [16, 16, 8]}\n"
                          "stages: [summary]\n"
                          "summary: {type: dataset_summary, image: ct}\n");
  const auto r =
      run("run " + file.string() + " --output-dir " + (dir / "runs").string(), "CI=true");
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "error: case phantom_000: no volume 'ct'")) << r.output;
}
