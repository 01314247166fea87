#include "ves/core/slicing.hpp"

#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include "test_volumes.hpp"
#include "ves/core/error.hpp"

namespace ves {
namespace {

Geometry plain() {
  Geometry g;
  g.spacing = {0.5, 0.7, 2.0};
  g.origin = {10.0, 20.0, 30.0};
  return g;
}

TEST(ExtractSlice, AxialFixesZAndKeepsRowsYAndColumnsX) {
  const Volume volume = ves_test::ramp_volume({1, 3, 4, 5}, plain());
  const Volume slice = extract_slice(volume, SliceOrientation::Axial, 2);
  EXPECT_TRUE(at::equal(slice.data, volume.data.select(1, 2)));
  EXPECT_EQ(slice.spatial_dims(), 2);
  EXPECT_EQ(slice.geometry.spacing, (std::array<double, 3>{0.5, 0.7, 2.0}));
  EXPECT_EQ(slice.geometry.origin, (std::array<double, 3>{10.0, 20.0, 34.0}));
  EXPECT_EQ(slice.geometry.direction, plain().direction);
}

TEST(ExtractSlice, CoronalFixesYAndHasRowsZAndColumnsX) {
  const Volume volume = ves_test::ramp_volume({1, 3, 4, 5}, plain());
  const Volume slice = extract_slice(volume, SliceOrientation::Coronal, 1);
  ASSERT_EQ(slice.data.sizes(), (std::vector<int64_t>{1, 3, 5}));
  EXPECT_TRUE(at::equal(slice.data, volume.data.select(2, 1)));
  EXPECT_EQ(slice.geometry.spacing, (std::array<double, 3>{0.5, 2.0, 0.7}));
  EXPECT_EQ(slice.geometry.origin, (std::array<double, 3>{10.0, 20.7, 30.0}));
  // Columns: x, then z, then the normal y.
  EXPECT_EQ(slice.geometry.direction, (std::array<double, 9>{1, 0, 0, 0, 0, 1, 0, 1, 0}));
}

TEST(ExtractSlice, SagittalFixesXAndHasRowsZAndColumnsY) {
  const Volume volume = ves_test::ramp_volume({2, 3, 4, 5}, plain());
  const Volume slice = extract_slice(volume, SliceOrientation::Sagittal, 4);
  ASSERT_EQ(slice.data.sizes(), (std::vector<int64_t>{2, 3, 4}));
  EXPECT_TRUE(at::equal(slice.data, volume.data.select(3, 4)));
  EXPECT_EQ(slice.geometry.spacing, (std::array<double, 3>{0.7, 2.0, 0.5}));
  EXPECT_EQ(slice.geometry.origin, (std::array<double, 3>{12.0, 20.0, 30.0}));
}

TEST(ExtractSlice, EveryPixelKeepsItsPhysicalPointOnAnObliqueGrid) {
  const Volume volume = ves_test::ramp_volume({1, 3, 4, 5}, ves_test::oblique_geometry());
  const Volume slice = extract_slice(volume, SliceOrientation::Coronal, 2);
  // Coronal pixel (column x, row z) is voxel (x, 2, z).
  for (int64_t row = 0; row < 3; ++row)
    for (int64_t col = 0; col < 5; ++col) {
      const auto p = slice.geometry.index_to_physical({double(col), double(row), 0.0});
      const auto q = volume.geometry.index_to_physical({double(col), 2.0, double(row)});
      for (int a = 0; a < 3; ++a) EXPECT_NEAR(p[a], q[a], 1e-12);
    }
}

TEST(ExtractSlices, ReturnsOneSlicePerIndexAndInsertSliceWritesThemBack) {
  const Volume volume = ves_test::ramp_volume({1, 3, 4, 5}, plain());
  const auto slices = extract_slices(volume, SliceOrientation::Sagittal);
  ASSERT_EQ(slices.size(), 5u);
  Volume rebuilt{at::zeros_like(volume.data), volume.geometry};
  for (int64_t i = 0; i < 5; ++i) insert_slice(rebuilt, slices[i], SliceOrientation::Sagittal, i);
  EXPECT_TRUE(at::equal(rebuilt.data, volume.data));
}

TEST(ExtractSlice, RejectsAnIndexOutOfRangeWithTheRangeNamed) {
  const Volume volume = ves_test::ramp_volume({1, 3, 4, 5}, plain());
  try {
    extract_slice(volume, SliceOrientation::Axial, 3);
    FAIL() << "expected an error";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("axial slice 3 is out of range"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(parse_slice_orientation("transverse"), Error);
}

}  // namespace
}  // namespace ves
