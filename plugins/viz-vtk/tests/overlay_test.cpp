// Overlays: contours on the mask boundary, the slices chosen, and the callback's PNG read back.
#include "overlay.hpp"

#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "overlays.hpp"
#include "png_file.hpp"
#include "slice_montage.hpp"
#include "ves/config/loader.hpp"
#include "ves/config/params.hpp"

namespace ves::viz {
namespace {

namespace fs = std::filesystem;

TEST(MaskBoundary, IsTheInnerRingOfASquareAndIncludesThePicturesEdge) {
  at::Tensor mask = at::zeros({8, 8}, at::kByte);
  mask.narrow(0, 2, 4).narrow(1, 2, 4).fill_(1);
  const at::Tensor edge = mask_boundary(mask);
  EXPECT_EQ(edge.sum().item<int64_t>(), 12);  // 16 inside, the 4 centre pixels are not edge
  EXPECT_TRUE(edge[2][2].item<bool>());
  EXPECT_FALSE(edge[3][3].item<bool>());
  EXPECT_FALSE(edge[0][0].item<bool>());
  const at::Tensor full = mask_boundary(at::ones({3, 3}, at::kByte));
  EXPECT_EQ(full.sum().item<int64_t>(), 8);  // all but the centre touch the picture's edge
}

TEST(ChooseSlices, FindsTheLargestLesionAndTheWorstDisagreement) {
  at::Tensor ref = at::zeros({10, 6, 6}, at::kByte);
  ref[5].fill_(1);                  // z = 5: 36 voxels
  ref[3].narrow(0, 0, 2).fill_(1);  // z = 3: 12 voxels
  at::Tensor pred = ref.clone();
  pred[8].narrow(0, 0, 3).fill_(1);  // z = 8: 18 false positives
  const ChosenSlices axial = choose_slices(ref, pred, 0);
  EXPECT_EQ(axial.largest, 5);
  EXPECT_EQ(axial.middle, 5);
  EXPECT_EQ(axial.worst, 8);
  const ChosenSlices none = choose_slices(at::zeros({10, 6, 6}), at::Tensor(), 2);
  EXPECT_EQ(none.largest, 3);
  EXPECT_EQ(none.worst, 3);
}

TEST(OverlaySlice, DrawsReferenceContourPixelsExactlyOnTheMaskBoundary) {
  // Anisotropic grid: the coronal view stretches z by 3; contours follow the resampled mask.
  Geometry g;
  g.spacing = {1.0, 1.0, 3.0};
  at::Tensor label = at::zeros({1, 8, 20, 20});
  label[0].narrow(0, 2, 4).narrow(1, 5, 8).narrow(2, 4, 10).fill_(1);
  const Volume image{at::rand({1, 8, 20, 20}) * 0.2, g};
  const Volume reference{label, g};
  for (int o = 0; o < 3; ++o) {
    const double pixel_mm = 0.5;
    const at::Tensor rgb = overlay_slice(image, reference, std::nullopt, o, -1, pixel_mm, 0.0, 1.0);
    const at::Tensor edge = mask_boundary(slice_at(reference, o, -1, pixel_mm, true));
    ASSERT_EQ(rgb.sizes().slice(0, 2), edge.sizes()) << o;
    const at::Tensor green = (rgb.select(2, 0) == kReferenceColour[0]) &
                             (rgb.select(2, 1) == kReferenceColour[1]) &
                             (rgb.select(2, 2) == kReferenceColour[2]);
    EXPECT_TRUE(at::equal(green, edge)) << "orientation " << o;
    EXPECT_GT(edge.sum().item<int64_t>(), 0) << o;
  }
}

TEST(OverlaysCallback, WritesANineResultPanelPictureForEachCaseUpToTheLimit) {
  const fs::path dir = fs::temp_directory_path() / ("ves_overlays_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const auto params = config::Params::validate(
      config::parse_yaml("{panel_px: 64, max_cases: 1, window: [0, 1]}", "test.yaml"),
      OverlaysCallback::schema(), "callback overlays");
  OverlaysCallback callback(params);
  callback.on_stage_begin("infer", dir);
  Sample s;
  s.case_id = "c1";
  at::Tensor label = at::zeros({1, 16, 16, 16});
  label[0].narrow(0, 4, 6).narrow(1, 4, 6).narrow(2, 4, 6).fill_(1);
  s.volumes["image"] = Volume{at::rand({1, 16, 16, 16}) * 0.3, Geometry{}};
  s.volumes["label"] = Volume{label, Geometry{}};
  const std::map<std::string, Volume> outputs{{"mask", Volume{label.roll(2, 1), Geometry{}}}};
  callback.on_prediction("infer", 0, s, outputs);
  s.case_id = "c2";
  callback.on_prediction("infer", 0, s, outputs);
  const fs::path file = dir / "pictures" / "c1_overlay.png";
  ASSERT_TRUE(fs::exists(file));
  EXPECT_FALSE(fs::exists(dir / "pictures" / "c2_overlay.png"));  // max_cases: 1
  const at::Tensor png = read_png(file);
  EXPECT_EQ(png.sizes(), (std::vector<int64_t>{18 + 3 * 64 + 4, 3 * 64 + 4, 3}));
  // Both contour colours appear in the panels (below the header, which holds the legend).
  const at::Tensor panels = png.narrow(0, 18, png.size(0) - 18);
  for (const Rgb& colour : {kReferenceColour, kPredictionColour}) {
    const at::Tensor hit = (panels.select(2, 0) == colour[0]) & (panels.select(2, 1) == colour[1]) &
                           (panels.select(2, 2) == colour[2]);
    EXPECT_GT(hit.sum().item<int64_t>(), 20);
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ves::viz
