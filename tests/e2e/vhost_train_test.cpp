// vhost run with train and infer stages on tiny phantoms: metrics.csv, checkpoints, true resume
// after a kill, predictions on the input's exact grid, NaN loss, and vhost infer on new files.
#include <gtest/gtest.h>
#include <itkImage.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "nifti_reader.hpp"
#include "vhost_test_support.hpp"

using namespace vhost_test;
namespace fs = std::filesystem;

namespace {

/// Phantoms on an anisotropic, rotated grid, resampled for training: the written predictions
/// must come back onto the original grid exactly.
std::string tiny_pipeline(int epochs) {
  return "name: tiny\n"
         "seed: 3\n"
         "threads: 1\n"
         "dataset: {type: phantom, cases: 10, size: [24, 20, 10], spacing: [1.5, 1.5, 3.0],\n"
         "          origin: [-10, 5, 2], direction: [0, 1, 0, -1, 0, 0, 0, 0, 1],\n"
         "          lesions_min: 1, lesion_radius_mm: [5, 9], empty_fraction: 0}\n"
         "split: {folds: 3, fold: 0, test_fraction: 0.2}\n"
         "preprocess: [{type: resample, spacing: [2, 2, 2]}, {type: normalize, mode: zscore, "
         "nonzero: false}]\n"
         "model: {type: unet3d, depth: 2, base_channels: 4, max_channels: 16}\n"
         "inferer: {type: sliding_window, patch_size: [16, 16, 16], overlap: 0.5}\n"
         "stages: [export, train, infer]\n"
         "export: {type: export, preprocess: [], writer: {type: itk}, extension: .nii.gz}\n"
         "train:\n"
         "  sampler: {type: patch, patch_size: [16, 16, 16]}\n"
         "  augment: [{type: flip, p: 0.5}]\n"
         "  loss: {type: compound, terms: [{type: dice}, {type: bce}]}\n"
         "  optimizer: {type: adamw, lr: 0.003}\n"
         "  epochs: " +
         std::to_string(epochs) +
         "\n"
         "  iterations_per_epoch: 6\n"
         "  batch_size: 2\n"
         "  workers: 2\n"
         "  val_every: 2\n"
         "  top_k: 2\n"
         "infer: {set: test, writer: {type: itk}, evaluator: {type: segmentation}}\n";
}

/// `text` with its first `from` replaced by `to`.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

struct Grid {
  itk::Image<float, 3>::SizeType size;
  itk::Image<float, 3>::SpacingType spacing;
  itk::Image<float, 3>::PointType origin;
  itk::Image<float, 3>::DirectionType direction;
};

Grid grid_of(const fs::path& file) {
  auto reader = nifti_reader<float>(file);
  reader->UpdateOutputInformation();
  const auto* image = reader->GetOutput();
  return {image->GetLargestPossibleRegion().GetSize(), image->GetSpacing(), image->GetOrigin(),
          image->GetDirection()};
}

void expect_same_grid(const fs::path& a, const fs::path& b) {
  const Grid ga = grid_of(a), gb = grid_of(b);
  EXPECT_EQ(ga.size, gb.size) << a << " vs " << b;
  for (unsigned i = 0; i < 3; ++i) {
    EXPECT_NEAR(ga.spacing[i], gb.spacing[i], 1e-5) << a;
    EXPECT_NEAR(ga.origin[i], gb.origin[i], 1e-4) << a;
    for (unsigned j = 0; j < 3; ++j) EXPECT_NEAR(ga.direction[i][j], gb.direction[i][j], 1e-6);
  }
}

}  // namespace

TEST(VhostTrain, TrainsInfersAndWritesPredictionsOnTheInputGrid) {
  const auto dir = temp_folder("train");
  const auto file = write(dir / "tiny.yaml", tiny_pipeline(4));
  const auto r =
      run("run " + file.string() + " --output-dir " + (dir / "runs").string(), "CI=true");
  ASSERT_EQ(r.code, 0) << r.output;
  const fs::path run_dir = dir / "runs" / "tiny";
  const auto metrics = lines(read(run_dir / "train" / "fold_0" / "metrics.csv"));
  ASSERT_EQ(metrics.size(), 5u) << read(run_dir / "train" / "fold_0" / "metrics.csv");
  EXPECT_EQ(metrics[0].rfind("epoch,lr,loss,loss_bce,loss_dice,val_dice,val_seconds,", 0), 0u)
      << metrics[0];
  EXPECT_TRUE(fs::exists(run_dir / "train" / "fold_0" / "checkpoints" / "best.pt"));
  EXPECT_TRUE(fs::exists(run_dir / "train" / "fold_0" / "checkpoints" / "last.pt"));
  EXPECT_TRUE(fs::exists(run_dir / "train" / "fold_0" / "split.csv"));
  // The fold's own timestamped log and the config it ran with.
  EXPECT_TRUE(contains(read(run_dir / "train" / "fold_0" / "log.txt"), "epoch 4/4: loss"));
  EXPECT_EQ(read(run_dir / "train" / "fold_0" / "config.yaml"), read(run_dir / "config.yaml"));
  EXPECT_EQ(lines(read(run_dir / "train" / "checkpoints.txt")).size(), 1u);
  // Predictions of the test cases, on the grid each case was read on.
  const auto predictions = lines(read(run_dir / "infer" / "predictions.csv"));
  ASSERT_GE(predictions.size(), 2u);
  EXPECT_EQ(predictions[0], "case,subject,prob,mask");
  for (size_t i = 1; i < predictions.size(); ++i) {
    const std::string id = predictions[i].substr(0, predictions[i].find(','));
    expect_same_grid(run_dir / "export" / id / "image.nii.gz",
                     run_dir / "infer" / "predictions" / (id + "_mask.nii.gz"));
    expect_same_grid(run_dir / "export" / id / "image.nii.gz",
                     run_dir / "infer" / "predictions" / (id + "_prob.nii.gz"));
  }
  const std::string summary = read(run_dir / "infer" / "summary.json");
  EXPECT_TRUE(contains(summary, "\"dice\"")) << summary;
  EXPECT_TRUE(contains(summary, "\"mean\"")) << summary;
  EXPECT_TRUE(contains(summary, "\"convention\": \"metricsreloaded\"")) << summary;
  EXPECT_TRUE(contains(summary, "\"failed_cases\": []")) << summary;
  EXPECT_EQ(read(run_dir / "infer" / "per_case.csv").rfind("case,dice,", 0), 0u) << r.output;

  // vhost infer on one exported image with the finished run: same grid again.
  const auto image =
      run_dir / "export" / predictions[1].substr(0, predictions[1].find(',')) / "image.nii.gz";
  const auto infer = run("infer --model " + run_dir.string() + " --input " + image.string() +
                             " --out " + (dir / "new").string(),
                         "CI=true");
  ASSERT_EQ(infer.code, 0) << infer.output;
  EXPECT_TRUE(contains(infer.output, "predictions: ")) << infer.output;
  expect_same_grid(image, dir / "new" / "infer" / "predictions" / "image_mask.nii.gz");
  fs::remove_all(dir);
}

TEST(VhostTrain, ResumesAfterAKillAndContinuesTheSameCurve) {
  const auto dir = temp_folder("resume");
  const auto file = write(dir / "tiny.yaml", tiny_pipeline(5));
  // Uninterrupted reference run.
  ASSERT_EQ(run("run " + file.string() + " --output-dir " + (dir / "a").string(), "CI=true").code,
            0);
  // Killed (SIGKILL) once two epochs are logged, then the same command again.
  const fs::path metrics = dir / "b" / "tiny" / "train" / "fold_0" / "metrics.csv";
  const std::string command =
      std::string(VHOST) + " run " + file.string() + " --output-dir " + (dir / "b").string();
  const std::string kill_script =
      "CI=true " + command + " > " + (dir / "killed.log").string() +
      " 2>&1 & pid=$!; for i in $(seq 1 600); do "
      "if [ -f " +
      metrics.string() + " ] && [ $(wc -l < " + metrics.string() +
      ") -ge 3 ]; then kill -9 $pid; break; fi; sleep 0.05; done; wait $pid; true";
  ASSERT_EQ(std::system(("bash -c '" + kill_script + "'").c_str()), 0);
  ASSERT_FALSE(fs::exists(dir / "b" / "tiny" / "train" / ".finished")) << read(dir / "killed.log");
  const auto resumed =
      run("run " + file.string() + " --output-dir " + (dir / "b").string(), "CI=true");
  ASSERT_EQ(resumed.code, 0) << resumed.output;
  EXPECT_TRUE(contains(resumed.output, "resuming")) << resumed.output;
  const auto a = lines(read(dir / "a" / "tiny" / "train" / "fold_0" / "metrics.csv"));
  const auto b = lines(read(metrics));
  ASSERT_EQ(a.size(), 6u);
  ASSERT_EQ(b.size(), 6u) << read(metrics);
  // Same epochs, and the same losses: data order, augmentation and dropout streams are
  // derived from (seed, epoch), and the optimiser moments and schedule come from last.pt.
  for (size_t i = 1; i < a.size(); ++i) {
    EXPECT_EQ(a[i].substr(0, a[i].find(',')), b[i].substr(0, b[i].find(',')));
    const auto loss_a = std::stod(a[i].substr(a[i].find(',', a[i].find(',') + 1) + 1));
    const auto loss_b = std::stod(b[i].substr(b[i].find(',', b[i].find(',') + 1) + 1));
    EXPECT_NEAR(loss_a, loss_b, 1e-4 * std::max(1.0, std::abs(loss_a))) << a[i] << "\n" << b[i];
  }
  fs::remove_all(dir);
}

TEST(VhostTrain, StopsWithAClearMessageWhenTheLossIsNotFinite) {
  const auto dir = temp_folder("nan");
  // A learning rate near float's limit drives the weights, and so the loss, to inf/NaN.
  const auto file = write(dir / "nan.yaml", replaced(tiny_pipeline(2), "lr: 0.003", "lr: 1.0e+20"));
  const auto r =
      run("run " + file.string() + " --output-dir " + (dir / "runs").string(), "CI=true");
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "the training loss became")) << r.output;
  EXPECT_TRUE(contains(r.output, "lower optimizer.lr")) << r.output;
  fs::remove_all(dir);
}

TEST(VhostTrain, FoldAllTrainsEveryFoldAndInfersWithTheirEnsemble) {
  const auto dir = temp_folder("folds");
  const auto file = write(dir / "folds.yaml",
                          replaced(tiny_pipeline(2), "folds: 3, fold: 0", "folds: 2, fold: all"));
  const auto r =
      run("run " + file.string() + " --output-dir " + (dir / "runs").string(), "CI=true");
  ASSERT_EQ(r.code, 0) << r.output;
  const fs::path train = dir / "runs" / "tiny" / "train";
  const auto checkpoints = lines(read(train / "checkpoints.txt"));
  ASSERT_EQ(checkpoints.size(), 2u) << read(train / "checkpoints.txt");
  for (int fold = 0; fold < 2; ++fold) {
    const fs::path fold_dir = train / ("fold_" + std::to_string(fold));
    // Each fold trains the same epochs into its own folder, with its own validation cases.
    EXPECT_EQ(lines(read(fold_dir / "metrics.csv")).size(), 3u) << fold_dir;
    EXPECT_TRUE(fs::exists(fold_dir / "split.csv")) << fold_dir;
    EXPECT_EQ(fs::path(checkpoints[static_cast<size_t>(fold)]).parent_path().parent_path(),
              fold_dir);
    EXPECT_TRUE(fs::exists(checkpoints[static_cast<size_t>(fold)]));
  }
  EXPECT_NE(read(train / "fold_0" / "split.csv"), read(train / "fold_1" / "split.csv"));
  EXPECT_TRUE(contains(r.output, "with 2 checkpoint(s)")) << r.output;
  EXPECT_TRUE(fs::exists(dir / "runs" / "tiny" / "infer" / "summary.json"));
  fs::remove_all(dir);
}

// Recipe B's chain through the same trainer and infer stage: a VQ-VAE trained on the normal
// vertebrae only (cases_where), its terms and diagnostics (perplexity, codebook usage) logged per
// epoch, then |image - reconstruction| written for the test cases and scored against the defects.
TEST(VhostTrain, TrainsAVqVaeOnNormalCasesAndWritesScoredErrorMaps) {
  const auto dir = temp_folder("train_vqvae");
  const auto file =
      write(dir / "vq.yaml",
            "name: vq\nseed: 3\nthreads: 1\n"
            "dataset: {type: phantom_vertebra, cases: 18, seed: 3, size: [16, 16, 16],\n"
            "          spacing: [4, 4, 4], normalize: unit, fracture_fraction: 0.3}\n"
            "split: {folds: 3, fold: 0, test_fraction: 0.3}\n"
            "model: {type: vqvae3d, channels: [4, 8], codes: 16, code_dim: 8, ema: true}\n"
            "stages: [train, errors]\n"
            "train:\n"
            "  cases_where: {fracture: 0}\n"
            "  warn_below: {codebook_usage: 2}\n"
            "  sampler: {type: patch, patch_size: [16, 16, 16], foreground_ratio: 0.0}\n"
            "  loss: {type: compound, terms: [{type: reconstruction}, {type: model_term}]}\n"
            "  optimizer: {type: adam, lr: 0.001}\n"
            "  epochs: 2\n  iterations_per_epoch: 2\n  batch_size: 2\n"
            "errors:\n"
            "  type: infer\n  set: test\n  from: train\n"
            "  inferer: {type: whole_volume, divisor: 4, output: recon, activation: none,\n"
            "            result: error, difference: abs}\n"
            "  outputs: [error]\n  writer: {type: itk}\n  extension: .nii.gz\n"
            "  evaluator: {type: segmentation, probability: error, metrics: [dice]}\n");
  const std::string command = "run " + file.string() + " --output-dir " + (dir / "runs").string();
  // One stage at a time: train, then the error maps from its checkpoint without retraining.
  const auto r = run(command + " --stage train", "CI=true");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_FALSE(fs::exists(dir / "runs" / "vq" / "errors"));
  EXPECT_FALSE(fs::exists(dir / "runs" / "vq" / "FINISHED"));
  const auto best = dir / "runs" / "vq" / "train" / "fold_0" / "checkpoints" / "best.pt";
  const auto trained_at = fs::last_write_time(best);
  const auto second = run(command + " --stage errors", "CI=true");
  ASSERT_EQ(second.code, 0) << second.output;
  EXPECT_FALSE(contains(second.output, "(train)")) << second.output;
  EXPECT_EQ(fs::last_write_time(best), trained_at);
  EXPECT_TRUE(fs::exists(dir / "runs" / "vq" / "FINISHED"));
  // Training again makes the error maps stale: the run is no longer finished until they are
  // made again.
  const auto again = run(command + " --stage train", "CI=true");
  ASSERT_EQ(again.code, 0) << again.output;
  EXPECT_TRUE(contains(again.output, "stage errors: depends on train")) << again.output;
  EXPECT_FALSE(fs::exists(dir / "runs" / "vq" / "errors" / ".finished"));
  EXPECT_FALSE(fs::exists(dir / "runs" / "vq" / "FINISHED"));
  const auto wrong = run(command + " --stage evaluate", "CI=true");
  EXPECT_EQ(wrong.code, 2) << wrong.output;
  EXPECT_TRUE(contains(wrong.output,
                       "--stage evaluate: the pipeline has no such stage (stages: "
                       "train, errors)"))
      << wrong.output;
  EXPECT_TRUE(contains(r.output, "train: cases_where keeps")) << r.output;
  EXPECT_TRUE(contains(r.output, "below 2 (train.warn_below)")) << r.output;
  // No inferer: validation is the loss on the whole validation cases, and checkpoints follow it.
  EXPECT_TRUE(contains(r.output, "checkpoints and early stopping follow val_loss")) << r.output;
  const auto csv = lines(read(dir / "runs" / "vq" / "train" / "fold_0" / "metrics.csv"));
  ASSERT_EQ(csv.size(), 3u);
  EXPECT_TRUE(contains(csv[0], "loss_reconstruction")) << csv[0];
  EXPECT_TRUE(contains(csv[0], "loss_vq_loss")) << csv[0];
  EXPECT_TRUE(contains(csv[0], "perplexity")) << csv[0];
  EXPECT_TRUE(contains(csv[0], "codebook_usage")) << csv[0];
  EXPECT_TRUE(contains(csv[0], "val_loss_reconstruction")) << csv[0];
  EXPECT_TRUE(contains(csv[0], "val_perplexity")) << csv[0];
  const auto written = lines(read(dir / "runs" / "vq" / "errors" / "predictions.csv"));
  ASSERT_GE(written.size(), 2u);
  EXPECT_TRUE(contains(written[1], "_error.nii.gz")) << written[1];
  const std::string summary = read(dir / "runs" / "vq" / "errors" / "summary.json");
  EXPECT_TRUE(contains(summary, "\"voxel_roc_auc\"")) << summary;
  fs::remove_all(dir);
}
