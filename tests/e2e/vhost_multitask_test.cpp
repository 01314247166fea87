// Recipe A's pipeline on tiny phantom vertebrae: one multitask U-Net per orientation trained on
// balanced slice batches into <orientation>/fold_0/, then fused per voxel by the infer stage
// from {orientation: stage} roles, scored per vertebra.
#include <gtest/gtest.h>

#include <itkImageFileWriter.h>

#include "nifti_reader.hpp"
#include "vhost_test_support.hpp"

using namespace vhost_test;
namespace fs = std::filesystem;

namespace {

const char* kPipeline =
    "name: slices\nseed: 3\nthreads: 1\n"
    "dataset: {type: phantom_vertebra, cases: 15, seed: 3, size: [16, 16, 16],\n"
    "          spacing: [4, 4, 4], normalize: hu, fracture_fraction: 0.5}\n"
    "split: {folds: 3, fold: 0, test_fraction: 0.3}\n"
    "preprocess: [{type: hu_window, windows: [[0, 1800], [-200, 300], [200, 1200]]}]\n"
    "model: {type: multitask_unet, decoder_channels: [16, 16, 8, 8, 8]}\n"
    "augment: [{type: resize, size: [32, 32]}]\n"
    "loss: {type: compound, terms: [{type: bce, output: class_logits, target: slice_label},\n"
    "                               {type: focal, weight: 0.1}]}\n"
    "optimizer: {type: adamw, lr: 0.001}\n"
    "epochs: 2\niterations_per_epoch: 0\nbatch_size: 4\nworkers: 1\n"
    "monitor: val_prauc\nval_thresholds: [0.01, 0.9, 10]\n"
    "callbacks: [{type: curves, width: 320}]\n"
    "stages: [axial, sagittal, fuse]\n"
    "axial:\n"
    "  type: train\n"
    "  sampler: {type: slices, orientations: [axial]}\n"
    "  val_sampler: {type: slices, orientations: [axial], balance: none}\n"
    "  inferer: {type: slice_fusion, orientations: [axial],\n"
    "            slice_transforms: [{type: resize, size: [32, 32]}]}\n"
    "sagittal:\n"
    "  type: train\n"
    "  sampler: {type: slices, orientations: [sagittal]}\n"
    "  val_sampler: {type: slices, orientations: [sagittal], balance: none}\n"
    "  inferer: {type: slice_fusion, orientations: [sagittal],\n"
    "            slice_transforms: [{type: resize, size: [32, 32]}]}\n"
    "fuse:\n"
    "  type: infer\n  set: test\n"
    "  from: {axial: axial, sagittal: sagittal}\n"
    "  inferer: {type: slice_fusion, orientations: [axial, sagittal], fusion: product,\n"
    "            slice_transforms: [{type: resize, size: [32, 32]}]}\n"
    "  outputs: [prob, prob_axial, prob_sagittal, mask]\n"
    "  writer: {type: itk}\n"
    "  evaluator: {type: segmentation, case_score: max, group_by: [vertebra], metrics: [dice]}\n";

// A 2-D NIfTI slice of 32 x 32 pixels: `value` everywhere, and `blob` in the 6 x 6 square at
// (12, 12) when blob != value.
void write_slice(const fs::path& file, float value, float blob) {
  register_nifti_io();
  using Image = itk::Image<float, 2>;
  auto image = Image::New();
  image->SetRegions(Image::RegionType({{0, 0}}, {{32, 32}}));
  image->Allocate();
  image->FillBuffer(value);
  for (int y = 12; y < 18; ++y)
    for (int x = 12; x < 18; ++x) image->SetPixel({{x, y}}, blob);
  auto writer = itk::ImageFileWriter<Image>::New();
  writer->SetFileName(file.string());
  writer->SetInput(image);
  writer->Update();
}

}  // namespace

// Labs whose slices are already cut: a table of 2-D images with masks and a class column trains
// the same model (each image read as one slice), validates on every slice, and predicts them.
TEST(VhostMultitask, TrainsOnATableOfPreCutSlices) {
  const auto dir = temp_folder("slice_table");
  std::string table = "case,patient,vertebra,slice_index,image,label,fracture\n";
  for (int p = 0; p < 8; ++p)
    for (int i = 0; i < 2; ++i) {
      const bool fracture = (p + i) % 2 == 0;
      const std::string id = "p" + std::to_string(p) + "_s" + std::to_string(i);
      write_slice(dir / (id + "_ct.nii.gz"), 0.5f, fracture ? 0.1f : 0.5f);
      write_slice(dir / (id + "_mask.nii.gz"), 0.0f, fracture ? 1.0f : 0.0f);
      table += id + ",P" + std::to_string(p) + ",L1," + std::to_string(10 + i) + "," + id +
               "_ct.nii.gz," + id + "_mask.nii.gz," + (fracture ? "1" : "0") + "\n";
    }
  write(dir / "slices.csv", table);
  const auto file = write(
      dir / "table.yaml",
      "name: table\nseed: 2\nthreads: 1\n"
      "dataset: {type: files, table: slices.csv, channels: [image], label: label,\n"
      "          subject_column: patient, class_column: fracture}\n"
      "split: {folds: 2, fold: 0, test_fraction: 0.25}\n"
      "preprocess: [{type: hu_window, windows: [[0, 1], [0, 1], [0, 1]]}]\n"
      "model: {type: multitask_unet, decoder_channels: [16, 16, 8, 8, 8]}\n"
      "stages: [train, infer]\n"
      "train:\n"
      "  sampler: {type: slices, class_from: fracture}\n"
      "  val_sampler: {type: slices, class_from: fracture, balance: none}\n"
      "  inferer: {type: slice_fusion, orientations: [axial]}\n"
      "  loss: {type: compound, terms: [{type: bce, output: class_logits, target: slice_label},\n"
      "                                 {type: focal, weight: 0.1}]}\n"
      "  optimizer: {type: adamw, lr: 0.001}\n"
      "  epochs: 1\n  iterations_per_epoch: 0\n  batch_size: 2\n  workers: 0\n"
      "infer:\n"
      "  type: infer\n  set: test\n"
      "  inferer: {type: slice_fusion, orientations: [axial]}\n"
      "  writer: {type: itk}\n"
      "  evaluator: {type: segmentation, metrics: [dice]}\n");
  const auto r =
      run("run " + file.string() + " --output-dir " + (dir / "runs").string(), "CI=true");
  ASSERT_EQ(r.code, 0) << r.output;
  const fs::path run_dir = dir / "runs" / "table";
  const std::string metrics = read(run_dir / "train" / "fold_0" / "metrics.csv");
  EXPECT_TRUE(contains(metrics, "val_prauc")) << metrics;
  // Two test patients, two slices each, predicted on their own 32 x 32 grid.
  const auto rows = lines(read(run_dir / "infer" / "predictions.csv"));
  ASSERT_EQ(rows.size(), 5u) << read(run_dir / "infer" / "predictions.csv");
  const std::string case_id = rows[1].substr(0, rows[1].find(','));
  auto reader = nifti_reader<float>(run_dir / "infer" / "predictions" / (case_id + "_prob.nii.gz"));
  reader->Update();
  const auto size = reader->GetOutput()->GetLargestPossibleRegion().GetSize();
  EXPECT_EQ(size[0], 32u);
  EXPECT_EQ(size[1], 32u);
  EXPECT_EQ(size[2], 1u);
  fs::remove_all(dir);
}

TEST(VhostMultitask, TrainsOneModelPerOrientationAndFusesThemPerVoxel) {
  const auto dir = temp_folder("multitask");
  const auto file = write(dir / "slices.yaml", kPipeline);
  const auto r =
      run("run " + file.string() + " --output-dir " + (dir / "runs").string(), "CI=true");
  ASSERT_EQ(r.code, 0) << r.output;
  const fs::path run_dir = dir / "runs" / "slices";
  for (const char* orientation : {"axial", "sagittal"}) {
    const fs::path fold = run_dir / orientation / "fold_0";
    EXPECT_EQ(lines(read(fold / "metrics.csv")).size(), 3u) << fold;
    const std::string metrics = read(fold / "metrics.csv");
    EXPECT_TRUE(contains(metrics, "loss_bce,loss_focal")) << fold;
    // Item validation: every validation slice scored; class and map metrics, thresholds swept.
    for (const char* column : {"val_accuracy", "val_prauc", "val_rocauc", "val_f1_threshold",
                               "val_seg_dice", "val_seg_iou", "val_seg_threshold", "val_dice"})
      EXPECT_TRUE(contains(metrics, column)) << column << "\n" << metrics;
    // Histograms of two heads x two truths x 20 bins per epoch, and their picture.
    EXPECT_EQ(lines(read(fold / "val_histograms.csv")).size(), 1u + 2u * 2u * 2u * 20u) << fold;
    EXPECT_TRUE(fs::exists(fold / "histograms.png")) << fold;
    EXPECT_TRUE(contains(read(fold / "log.txt"), "epoch 2/2")) << fold;
    EXPECT_TRUE(fs::exists(fold / "config.yaml"));
    int named = 0;  // top-k checkpoints named by epoch and metric
    for (const auto& e : fs::directory_iterator(fold / "checkpoints"))
      named += e.path().filename().string().rfind("epoch00", 0) == 0 &&
               contains(e.path().filename().string(), "_val_prauc");
    EXPECT_EQ(named, 2) << fold;
  }
  EXPECT_TRUE(contains(r.output, "infer: ")) << r.output;

  // The fused map is the per-voxel product of the two orientations' maps.
  const auto rows = lines(read(run_dir / "fuse" / "predictions.csv"));
  ASSERT_GE(rows.size(), 2u);
  const std::string header = rows[0];
  const std::string case_id = rows[1].substr(0, rows[1].find(','));
  const fs::path predictions = run_dir / "fuse" / "predictions";
  const auto fused = voxels_of(predictions / (case_id + "_prob.nii.gz"));
  const auto axial = voxels_of(predictions / (case_id + "_prob_axial.nii.gz"));
  const auto sagittal = voxels_of(predictions / (case_id + "_prob_sagittal.nii.gz"));
  ASSERT_EQ(fused.size(), 16u * 16u * 16u);
  ASSERT_EQ(axial.size(), fused.size());
  for (size_t i = 0; i < fused.size(); ++i) {
    ASSERT_NEAR(fused[i], axial[i] * sagittal[i], 1e-6) << "voxel " << i;
    ASSERT_GE(fused[i], 0.0f);
    ASSERT_LE(fused[i], 1.0f);
  }
  const std::string summary = read(run_dir / "fuse" / "summary.json");
  EXPECT_TRUE(contains(summary, "\"case_roc_auc\"")) << summary;
  EXPECT_TRUE(contains(summary, "\"vertebra\"")) << summary;  // the per-level breakdown
  fs::remove_all(dir);
}

// Validation takes every slice once: a balancing validation sampler is refused before any work.
TEST(VhostMultitask, RefusesABalancingValidationSampler) {
  const auto dir = temp_folder("val_balance");
  std::string yaml = kPipeline;
  const std::string from = "  val_sampler: {type: slices, orientations: [axial], balance: none}";
  yaml.replace(yaml.find(from), from.size(),
               "  val_sampler: {type: slices, orientations: [axial]}");
  const auto file = write(dir / "slices.yaml", yaml);
  const auto r = run("validate " + file.string());
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "the slices sampler needs balance: none (got the default, batch)"))
      << r.output;
  fs::remove_all(dir);
}
