// Middle slices, colour maps and montage layout on volumes with known values.
#include "slice_montage.hpp"

#include <ATen/ATen.h>
#include <gtest/gtest.h>

namespace ves::viz {
namespace {

/// value = 100 z + 10 y + x on a [1, Z, Y, X] grid.
Volume ramp(int64_t z, int64_t y, int64_t x, std::array<double, 3> spacing = {1, 1, 1}) {
  const at::Tensor zz = at::arange(z, at::kFloat).view({z, 1, 1});
  const at::Tensor yy = at::arange(y, at::kFloat).view({1, y, 1});
  const at::Tensor xx = at::arange(x, at::kFloat).view({1, 1, x});
  Geometry g;
  g.spacing = spacing;
  return Volume{(100 * zz + 10 * yy + xx).unsqueeze(0), g};
}

TEST(MiddleSlice, TakesTheMiddleIndexOfEachOrientationWithTheHighestZOnTop) {
  const Volume v = ramp(4, 5, 6);
  const at::Tensor axial = middle_slice(v, 0, 1.0);  // z = 2; rows y, cols x
  ASSERT_EQ(axial.sizes(), (std::vector<int64_t>{5, 6}));
  EXPECT_FLOAT_EQ(axial[3][4].item<float>(), 234.0f);
  const at::Tensor coronal = middle_slice(v, 1, 1.0);  // y = 2; rows z (top = 3), cols x
  ASSERT_EQ(coronal.sizes(), (std::vector<int64_t>{4, 6}));
  EXPECT_FLOAT_EQ(coronal[0][1].item<float>(), 321.0f);
  EXPECT_FLOAT_EQ(coronal[3][1].item<float>(), 21.0f);
  const at::Tensor sagittal = middle_slice(v, 2, 1.0);  // x = 3; rows z, cols y
  ASSERT_EQ(sagittal.sizes(), (std::vector<int64_t>{4, 5}));
  EXPECT_FLOAT_EQ(sagittal[1][4].item<float>(), 243.0f);
}

TEST(MiddleSlice, ResamplesToSquarePixelsOfThePhysicalAspect) {
  // 3 mm slices, 1 mm in plane: a 10-slice stack is 30 mm high in the coronal view.
  const Volume v = ramp(10, 20, 40, {1.0, 1.0, 3.0});
  EXPECT_EQ(middle_slice(v, 0, 2.0).sizes(), (std::vector<int64_t>{10, 20}));
  EXPECT_EQ(middle_slice(v, 1, 2.0).sizes(), (std::vector<int64_t>{15, 20}));
  EXPECT_EQ(middle_slice(v, 2, 2.0).sizes(), (std::vector<int64_t>{15, 10}));
}

TEST(Colourise, MapsTheRangeToGreyOrHeatAndClipsOutside) {
  const at::Tensor values = at::tensor({-1.0f, 0.0f, 0.5f, 1.0f, 2.0f}).view({1, 5});
  const at::Tensor grey = colourise(values, ColourMap::Grey, 0.0, 1.0);
  EXPECT_EQ(grey[0][0][0].item<uint8_t>(), 0);
  EXPECT_EQ(grey[0][2][1].item<uint8_t>(), 128);
  EXPECT_EQ(grey[0][4][2].item<uint8_t>(), 255);
  const at::Tensor heat = colourise(values, ColourMap::Heat, 0.0, 1.0);
  // t = 0.5: red full, green 0.5, blue 0.
  EXPECT_EQ(heat[0][2][0].item<uint8_t>(), 255);
  EXPECT_EQ(heat[0][2][1].item<uint8_t>(), 128);
  EXPECT_EQ(heat[0][2][2].item<uint8_t>(), 0);
  EXPECT_TRUE(at::equal(heat[0][3], at::full({3}, 255, at::kByte)));
}

TEST(SliceMontage, LaysOutARowPerVolumeAndThreePanelsWithGaps) {
  Geometry g;
  const Volume ones{at::ones({1, 8, 8, 8}), g};
  const Volume zeros{at::zeros({1, 8, 8, 8}), g};
  const at::Tensor m = slice_montage(
      {{"a", ones, ColourMap::Grey, 0.0, 1.0}, {"b", zeros, ColourMap::Grey, 0.0, 1.0}}, 32, 10);
  ASSERT_EQ(m.sizes(), (std::vector<int64_t>{10 + 32 + 2 + 32, 3 * 32 + 4, 3}));
  EXPECT_EQ(m[10 + 5][5][0].item<uint8_t>(), 255);       // row a, axial panel: white
  EXPECT_EQ(m[10 + 5][32][0].item<uint8_t>(), 0);        // the gap
  EXPECT_EQ(m[10 + 5][34 + 5][0].item<uint8_t>(), 255);  // row a, coronal
  EXPECT_EQ(m[10 + 34 + 5][5][0].item<uint8_t>(), 0);    // row b: black
  EXPECT_EQ(m[3][5][0].item<uint8_t>(), 0);              // header strip
}

TEST(ColourBar, RunsFromTheTopValueDownToTheBottomOne) {
  const at::Tensor bar = colour_bar(ColourMap::Grey, 0.0, 10.0, 11, 4);
  ASSERT_EQ(bar.sizes(), (std::vector<int64_t>{11, 4, 3}));
  EXPECT_EQ(bar[0][0][0].item<uint8_t>(), 255);
  EXPECT_EQ(bar[5][3][1].item<uint8_t>(), 128);
  EXPECT_EQ(bar[10][2][2].item<uint8_t>(), 0);
}

TEST(DisplayRange, GivesThePercentilesOfChannelZero) {
  Geometry g;
  const Volume v{at::arange(101, at::kFloat).view({1, 1, 1, 101}), g};
  const auto [lo, hi] = display_range(v, 1.0, 99.0);
  EXPECT_DOUBLE_EQ(lo, 1.0);
  EXPECT_DOUBLE_EQ(hi, 99.0);
}

}  // namespace
}  // namespace ves::viz
