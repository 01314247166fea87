#include "ves/core/volume.hpp"

#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include "ves/core/error.hpp"

namespace ves {
namespace {

TEST(Volume, ReportsSpatialSizeInItkOrder) {
  Volume v{at::zeros({2, 5, 6, 7}), {}};
  EXPECT_EQ(v.channels(), 2);
  EXPECT_EQ(v.spatial_dims(), 3);
  EXPECT_EQ(v.size_xyz(), (std::array<int64_t, 3>{7, 6, 5}));
}

TEST(Volume, ReportsASliceAsOneVoxelThick) {
  Volume v{at::zeros({1, 6, 7}), {}};
  EXPECT_EQ(v.spatial_dims(), 2);
  EXPECT_EQ(v.size_xyz(), (std::array<int64_t, 3>{7, 6, 1}));
}

TEST(Volume, RefusesSizeOfATensorThatIsNoVolume) {
  Volume v{at::zeros({7}), {}};
  EXPECT_THROW(v.size_xyz(), DataError);
}

TEST(Volume, DescribesShapeTypeAndGeometry) {
  Volume v{at::zeros({1, 32, 64, 64}), {}};
  v.geometry.spacing = {1, 1, 3};
  EXPECT_EQ(v.describe(), "1x32x64x64 float32, spacing 1x1x3 mm, origin (0, 0, 0), LPS");
  v.data = at::zeros({1, 2, 2}, at::kByte);
  EXPECT_EQ(v.describe().substr(0, 11), "1x2x2 uint8");
  EXPECT_EQ(Volume().describe().substr(0, 12), "empty volume");
}

}  // namespace
}  // namespace ves
