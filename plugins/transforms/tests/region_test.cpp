#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include "region.hpp"
#include "test_volumes.hpp"

namespace ves::transforms {
namespace {

Geometry spaced() {
  Geometry g;
  g.spacing = {2.0, 3.0, 4.0};
  g.origin = {1.0, 1.0, 1.0};
  return g;
}

TEST(ExtractBox, CropsAndMovesTheOriginToTheBoxCorner) {
  const Volume volume = ves_test::ramp_volume({1, 4, 5, 6}, spaced());
  const Volume out = extract_box(volume, Box{{1, 2, 1}, {3, 2, 2}});
  EXPECT_TRUE(at::equal(out.data, volume.data.slice(1, 1, 3).slice(2, 2, 4).slice(3, 1, 4)));
  EXPECT_EQ(out.geometry.origin, (std::array<double, 3>{3.0, 7.0, 5.0}));
  EXPECT_EQ(out.geometry.spacing, spaced().spacing);
}

TEST(ExtractBox, PadsWithZerosBeforeAndAfterTheVolume) {
  const Volume volume = ves_test::ramp_volume({2, 4, 5, 6}, spaced());
  const Volume out = extract_box(volume, Box{{-1, -2, -1}, {8, 9, 6}});
  ASSERT_EQ(out.data.sizes(), (std::vector<int64_t>{2, 6, 9, 8}));
  EXPECT_TRUE(at::equal(out.data.slice(1, 1, 5).slice(2, 2, 7).slice(3, 1, 7), volume.data));
  EXPECT_EQ(out.data.sum().item<float>(), volume.data.sum().item<float>());
  EXPECT_EQ(out.geometry.origin, (std::array<double, 3>{-1.0, -5.0, -3.0}));
}

TEST(ExtractBox, CropsTwoDimensionalSlices) {
  const Volume slice = ves_test::ramp_volume({1, 4, 6}, spaced());
  const Volume out = extract_box(slice, Box{{2, 1, 0}, {3, 2, 1}});
  EXPECT_TRUE(at::equal(out.data, slice.data.slice(1, 1, 3).slice(2, 2, 5)));
  EXPECT_EQ(out.geometry.origin, (std::array<double, 3>{5.0, 4.0, 1.0}));
}

TEST(ExtractBox, UndoingACropRestoresTheVolumeInsideTheBoxAndZerosOutside) {
  const Volume volume = ves_test::ramp_volume({1, 4, 5, 6}, spaced());
  const Box box{{1, 2, 1}, {3, 2, 2}};
  const Volume back = extract_box(extract_box(volume, box), Box{{-1, -2, -1}, {6, 5, 4}});
  EXPECT_TRUE(back.geometry.approx_equal(volume.geometry, 1e-12));
  const at::Tensor inside = at::zeros_like(volume.data, at::kBool);
  inside.slice(1, 1, 3).slice(2, 2, 4).slice(3, 1, 4).fill_(true);
  EXPECT_TRUE(at::equal(back.data, volume.data * inside));
}

TEST(ForegroundBox, IsTheNonzeroBoundingBoxGrownByTheMarginAndClipped) {
  Volume volume{at::zeros({2, 6, 7, 8}), spaced()};
  volume.data[0][2][3][4] = 1;  // (z, y, x)
  volume.data[1][3][3][6] = -2;
  const auto tight = foreground_box(volume, 0);
  ASSERT_TRUE(tight.has_value());
  EXPECT_EQ(tight->start, (std::array<int64_t, 3>{4, 3, 2}));
  EXPECT_EQ(tight->size, (std::array<int64_t, 3>{3, 1, 2}));
  const auto grown = foreground_box(volume, 3);
  EXPECT_EQ(grown->start, (std::array<int64_t, 3>{1, 0, 0}));
  EXPECT_EQ(grown->size, (std::array<int64_t, 3>{7, 7, 6}));  // x 1..7, y 0..6, z 0..5
  EXPECT_FALSE(foreground_box(Volume{at::zeros({1, 2, 2, 2}), {}}, 1).has_value());
}

TEST(CentredBox, CropsOrPadsAroundTheCentreWithTheOddVoxelAtTheEnd) {
  const Volume volume{at::zeros({1, 4, 5, 8}), {}};
  const Box box = centred_box(volume, {5, 8, 0});
  EXPECT_EQ(box.start, (std::array<int64_t, 3>{1, -1, 0}));  // crop 1 + 2; pad 1 + 2
  EXPECT_EQ(box.size, (std::array<int64_t, 3>{5, 8, 4}));
}

}  // namespace
}  // namespace ves::transforms
