#include "ves/core/geometry.hpp"

#include <gtest/gtest.h>

#include "oblique_geometry.hpp"
#include "ves/core/error.hpp"

namespace ves {
namespace {

TEST(Geometry, MapsIndexToOriginPlusScaledIndexForIdentityDirection) {
  Geometry g;
  g.spacing = {2.0, 3.0, 4.0};
  g.origin = {1.0, -1.0, 10.0};
  const auto p = g.index_to_physical({1.0, 2.0, 3.0});
  EXPECT_DOUBLE_EQ(p[0], 3.0);
  EXPECT_DOUBLE_EQ(p[1], 5.0);
  EXPECT_DOUBLE_EQ(p[2], 22.0);
}

TEST(Geometry, UsesDirectionColumnsAsAxes) {
  Geometry g;
  g.spacing = {2.0, 1.0, 1.0};
  g.direction = {0, 0, 1, 1, 0, 0, 0, 1, 0};  // x axis -> world y, y -> z, z -> x
  const auto p = g.index_to_physical({1.0, 0.0, 0.0});
  EXPECT_DOUBLE_EQ(p[0], 0.0);
  EXPECT_DOUBLE_EQ(p[1], 2.0);
  EXPECT_DOUBLE_EQ(p[2], 0.0);
}

TEST(Geometry, RoundTripsIndexThroughPhysicalSpaceOnAnObliqueAnisotropicGrid) {
  const Geometry g = testing::oblique_geometry();
  for (const auto& index :
       {std::array<double, 3>{0, 0, 0}, std::array<double, 3>{10, 20, 30},
        std::array<double, 3>{-3.25, 7.5, 0.125}, std::array<double, 3>{511, 511, 199}}) {
    const auto back = g.physical_to_index(g.index_to_physical(index));
    for (int i = 0; i < 3; ++i) EXPECT_NEAR(back[i], index[i], 1e-9);
  }
}

TEST(Geometry, InvertsANonOrthogonalDirection) {
  Geometry g;
  g.spacing = {0.5, 1.0, 2.0};
  g.direction = {1, 0.3, 0, 0, 1, 0.2, 0.1, 0, 1};  // sheared, not a rotation
  const std::array<double, 3> index{4, -2, 9};
  const auto back = g.physical_to_index(g.index_to_physical(index));
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(back[i], index[i], 1e-12);
}

TEST(Geometry, RefusesToInvertASingularDirection) {
  Geometry g;
  g.direction = {1, 0, 0, 1, 0, 0, 0, 0, 1};
  EXPECT_THROW(g.physical_to_index({1, 2, 3}), DataError);
}

TEST(Geometry, NamesIdentityDirectionLpsAsDicomAndNibabelDo) {
  EXPECT_EQ(Geometry().orientation_code(), "LPS");
}

TEST(Geometry, NamesFlippedAndPermutedAxes) {
  Geometry ras;  // a NIfTI RAS+ image as ITK sees it (LPS)
  ras.direction = {-1, 0, 0, 0, -1, 0, 0, 0, 1};
  EXPECT_EQ(ras.orientation_code(), "RAS");
  Geometry permuted;  // x -> +y (posterior), y -> +z (superior), z -> +x (left)
  permuted.direction = {0, 0, 1, 1, 0, 0, 0, 1, 0};
  EXPECT_EQ(permuted.orientation_code(), "PSL");
  EXPECT_EQ(testing::oblique_geometry().orientation_code(), "LPS");
}

TEST(Geometry, ComparesSpacingRelativelyOriginBySpacingAndDirectionAbsolutely) {
  const Geometry a = testing::oblique_geometry();
  Geometry b = a;
  EXPECT_TRUE(a.approx_equal(b));
  b.spacing[2] = a.spacing[2] * (1 + 5e-6);
  EXPECT_TRUE(a.approx_equal(b));
  b.spacing[2] = a.spacing[2] * (1 + 5e-5);
  EXPECT_FALSE(a.approx_equal(b));
  b = a;
  b.origin[0] += 0.5e-5;  // below 1e-5 * min spacing (0.7)
  EXPECT_TRUE(a.approx_equal(b));
  b.origin[0] += 1e-5;
  EXPECT_FALSE(a.approx_equal(b));
  b = a;
  b.direction[4] += 2e-5;
  EXPECT_FALSE(a.approx_equal(b));
  EXPECT_TRUE(a.approx_equal(b, 1e-4));
}

TEST(Geometry, DescribesSpacingOriginAndOrientationInOneLine) {
  Geometry g;
  g.spacing = {1, 1, 3};
  EXPECT_EQ(g.describe(), "spacing 1x1x3 mm, origin (0, 0, 0), LPS");
  EXPECT_EQ(testing::oblique_geometry().describe(),
            "spacing 0.7x1.3x3.1 mm, origin (-12.5, 40, 7), LPS");
}

TEST(Geometry, ComputesVoxelVolume) {
  EXPECT_NEAR(testing::oblique_geometry().voxel_volume_mm3(), 0.7 * 1.3 * 3.1, 1e-12);
}

}  // namespace
}  // namespace ves
