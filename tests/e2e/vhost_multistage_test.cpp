// Recipe B's multi-stage pipeline on tiny phantom vertebrae: a VQ-VAE, its standardised error
// maps with per-case anomaly scores, a detector reading them through volumes_from, pictures,
// and --stage reusing the earlier stages' files.
#include <gtest/gtest.h>

#include <numeric>

#include "nifti_reader.hpp"
#include "vhost_test_support.hpp"

using namespace vhost_test;
namespace fs = std::filesystem;

namespace {

/// Cells of a CSV line (no quoting in these files).
std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  for (std::string cell; std::getline(ss, cell, ',');) out.push_back(cell);
  return out;
}

const char* kPipeline =
    "name: chain\nseed: 5\nthreads: 1\n"
    "dataset: {type: phantom_vertebra, cases: 18, seed: 5, size: [16, 16, 16],\n"
    "          spacing: [4, 4, 4], normalize: hu, fracture_fraction: 0.4}\n"
    "split: {folds: 3, fold: 0, test_fraction: 0.3}\n"
    "preprocess: [{type: hu_window, windows: [[-200, 600]]}]\n"
    "model: {type: vqvae3d, channels: [4, 8], codes: 16, code_dim: 8, ema: true}\n"
    "stages: [train, errors, detector, detect]\n"
    "callbacks:\n"
    "  - {type: middle_slices, stages: [train], panel_px: 32}\n"
    "  - {type: middle_slices, volumes: [image, error], difference: [], stages: [errors],\n"
    "     max_cases: 2, panel_px: 32}\n"
    "train:\n"
    "  cases_where: {fracture: 0}\n"
    "  sampler: {type: patch, patch_size: [16, 16, 16], foreground_ratio: 0.0}\n"
    "  loss: {type: compound, terms: [{type: reconstruction}, {type: model_term}]}\n"
    "  optimizer: {type: adam, lr: 0.001}\n"
    "  epochs: 2\n  iterations_per_epoch: 2\n  batch_size: 2\n"
    "errors:\n"
    "  type: infer\n  set: all\n  evaluate_on: test\n  from: train\n"
    "  inferer: {type: whole_volume, divisor: 4, output: recon, activation: none,\n"
    "            result: error, difference: below}\n"
    "  postprocess: [{type: gaussian_smooth, sigma_mm: 4.0, keys: [error]}]\n"
    "  standardize: {volume: error, set: train, where: {fracture: 0}, epsilon: 0.02}\n"
    "  outputs: [error]\n  summaries: [mean, p99]\n  writer: {type: itk}\n"
    "  evaluator: {type: segmentation, probability: error, score_range: [-10, 100],\n"
    "              threshold: 3.0, metrics: [dice]}\n"
    "detector:\n"
    "  type: train\n"
    "  volumes_from: {error: errors.error}\n"
    "  preprocess: [{type: hu_window, windows: [[-200, 600]]},\n"
    "               {type: concat_channels, keys: [image, error], into: image},\n"
    "               {type: label_boxes, margin_mm: 4.0}]\n"
    "  model: {type: unet3d, in_channels: 2, depth: 2, base_channels: 4, max_channels: 8}\n"
    "  sampler: {type: patch, patch_size: [16, 16, 16], foreground_ratio: 0.5}\n"
    "  loss: {type: compound, terms: [{type: dice}, {type: bce}]}\n"
    "  inferer: {type: whole_volume, divisor: 4}\n"
    "  optimizer: {type: adamw, lr: 0.001}\n"
    "  epochs: 1\n  iterations_per_epoch: 2\n  batch_size: 2\n"
    "detect:\n"
    "  type: infer\n  set: test\n  from: detector\n"
    "  volumes_from: {error: errors.error}\n"
    "  preprocess: [{type: hu_window, windows: [[-200, 600]]},\n"
    "               {type: concat_channels, keys: [image, error], into: image}]\n"
    "  model: ${detector.model}\n"
    "  inferer: {type: whole_volume, divisor: 4}\n"
    "  writer: {type: itk}\n"
    "  evaluator: {type: segmentation, metrics: [dice]}\n";

TEST(VhostMultiStage, ChainsStandardisedErrorMapsIntoADetectorAndRerunsOneStage) {
  const auto dir = temp_folder("multistage");
  const auto file = write(dir / "chain.yaml", kPipeline);
  const std::string command = "run " + file.string() + " --output-dir " + (dir / "runs").string();
  const auto r = run(command, "CI=true");
  ASSERT_EQ(r.code, 0) << r.output;
  const fs::path run_dir = dir / "runs" / "chain";
  EXPECT_TRUE(fs::exists(run_dir / "FINISHED"));

  // Every case's error map, with its anomaly scores; the mean is the file's mean.
  const auto rows = lines(read(run_dir / "errors" / "predictions.csv"));
  ASSERT_EQ(rows.size(), 19u);
  EXPECT_EQ(rows[0], "case,subject,error,error_mean,error_p99");
  const auto first = cells(rows[1]);
  const auto values = voxels_of(run_dir / "errors" / first[2]);
  const double mean =
      std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
  EXPECT_NEAR(std::stod(first[3]), mean, 1e-4 * std::max(1.0, std::abs(mean)));
  // Standardised against the normal training cases: their voxel statistics are kept.
  EXPECT_TRUE(fs::exists(run_dir / "errors" / "reference_mean.nii.gz"));
  EXPECT_TRUE(fs::exists(run_dir / "errors" / "reference_std.nii.gz"));
  EXPECT_TRUE(contains(r.output, "error standardised by its voxel mean and std over")) << r.output;
  // Scored on the test cases only.
  int test_cases = 0;
  for (const auto& line : lines(read(run_dir / "errors" / "split.csv")))
    test_cases += contains(line, ",test") ? 1 : 0;
  ASSERT_GT(test_cases, 0);
  const std::string errors_summary = read(run_dir / "errors" / "summary.json");
  EXPECT_TRUE(contains(errors_summary, "\"n_cases\": " + std::to_string(test_cases)))
      << errors_summary;
  EXPECT_TRUE(contains(errors_summary, "\"case_roc_auc\"")) << errors_summary;
  // The detector read [image, error] and was scored per vertebra.
  EXPECT_TRUE(contains(read(run_dir / "detect" / "summary.json"), "\"case_roc_auc\""));
  // Pictures: one per training epoch, two error maps.
  EXPECT_TRUE(fs::exists(run_dir / "train" / "fold_0" / "pictures" / "epoch_001.png"));
  EXPECT_TRUE(fs::exists(run_dir / "train" / "fold_0" / "pictures" / "epoch_002.png"));
  int pictures = 0;
  for (const auto& entry : fs::directory_iterator(run_dir / "errors" / "pictures"))
    pictures += entry.path().extension() == ".png" ? 1 : 0;
  EXPECT_EQ(pictures, 2);

  // Only the detector again: the VQ-VAE and its error maps stay as they are.
  const auto maps_at = fs::last_write_time(run_dir / "errors" / "predictions.csv");
  const auto vqvae_at =
      fs::last_write_time(run_dir / "train" / "fold_0" / "checkpoints" / "best.pt");
  const auto again = run(command + " --stage detector", "CI=true");
  ASSERT_EQ(again.code, 0) << again.output;
  EXPECT_TRUE(contains(again.output, "stage detect: depends on detector")) << again.output;
  EXPECT_EQ(fs::last_write_time(run_dir / "errors" / "predictions.csv"), maps_at);
  EXPECT_EQ(fs::last_write_time(run_dir / "train" / "fold_0" / "checkpoints" / "best.pt"),
            vqvae_at);

  // A detector in a run without the error maps says which stage to run first.
  const auto alone = run(command + " --name other --stage detector", "CI=true");
  EXPECT_EQ(alone.code, 2) << alone.output;
  EXPECT_TRUE(contains(alone.output,
                       "`volumes_from: {error: errors.error}` needs the predictions of infer "
                       "stage 'errors'; list that stage before this one in `stages:` (or run it "
                       "first with --stage errors)"))
      << alone.output;
  fs::remove_all(dir);
}

}  // namespace
