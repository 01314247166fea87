#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <cmath>

#include "orientation.hpp"
#include "test_volumes.hpp"
#include "ves/core/error.hpp"

namespace ves::transforms {
namespace {

Volume reorient(const Volume& volume, const std::string& code) {
  return apply_axis_plan(volume, plan_towards(volume.geometry, direction_of_code(code)));
}

TEST(DirectionOfCode, NamesWhereEachAxisPoints) {
  EXPECT_EQ(direction_of_code("LPS"), (std::array<double, 9>{1, 0, 0, 0, 1, 0, 0, 0, 1}));
  EXPECT_EQ(direction_of_code("RAS"), (std::array<double, 9>{-1, 0, 0, 0, -1, 0, 0, 0, 1}));
  // "PIR": x points posterior (+y world), y inferior (-z), z right (-x).
  EXPECT_EQ(direction_of_code("pir"), (std::array<double, 9>{0, 0, -1, 1, 0, 0, 0, -1, 0}));
}

TEST(DirectionOfCode, RejectsCodesThatRepeatOrMissAnAxis) {
  EXPECT_THROW(direction_of_code("RLS"), Error);
  EXPECT_THROW(direction_of_code("RAX"), Error);
  EXPECT_THROW(direction_of_code("RA"), Error);
}

TEST(PointingCode, ReadsTheCodeOfAGrid) {
  EXPECT_EQ(pointing_code(Geometry{}), "LPS");
  Geometry g;
  g.direction = direction_of_code("RAS");
  EXPECT_EQ(pointing_code(g), "RAS");
  EXPECT_EQ(pointing_code(ves_test::oblique_geometry()), "ASL");
}

TEST(Reorient, LpsToRasFlipsXAndYAndMovesTheOriginToTheFarCorner) {
  Geometry g;
  g.spacing = {1.0, 2.0, 3.0};
  g.origin = {1.0, 2.0, 3.0};
  const Volume lps = ves_test::ramp_volume({1, 2, 3, 4}, g);
  const Volume ras = reorient(lps, "RAS");
  EXPECT_TRUE(at::equal(ras.data, lps.data.flip({2, 3})));
  EXPECT_EQ(ras.geometry.direction, direction_of_code("RAS"));
  EXPECT_EQ(ras.geometry.spacing, g.spacing);
  // Voxel (0, 0, 0) of RAS is LPS voxel (3, 2, 0): (1 + 3 * 1, 2 + 2 * 2, 3).
  EXPECT_EQ(ras.geometry.origin, (std::array<double, 3>{4.0, 6.0, 3.0}));

  const Volume back = reorient(ras, "LPS");
  EXPECT_TRUE(at::equal(back.data, lps.data));
  EXPECT_TRUE(back.geometry.approx_equal(g, 1e-12));
}

TEST(Reorient, EveryVoxelKeepsItsValueAndPhysicalPointOnAnObliqueAnisotropicGrid) {
  const Geometry g = ves_test::oblique_geometry();
  const Volume in = ves_test::ramp_volume({1, 5, 3, 4}, g);
  const Volume out = reorient(in, "RAS");
  EXPECT_EQ(pointing_code(out.geometry), "RAS");
  // ASL -> RAS: x <- z flipped (L to R), y <- x, z <- y.
  EXPECT_EQ(out.data.sizes(), (std::vector<int64_t>{1, 3, 4, 5}));
  EXPECT_EQ(out.geometry.spacing, (std::array<double, 3>{3.0, 0.8, 1.5}));
  const auto size = out.size_xyz();
  for (int64_t z = 0; z < size[2]; ++z)
    for (int64_t y = 0; y < size[1]; ++y)
      for (int64_t x = 0; x < size[0]; ++x) {
        const auto point = out.geometry.index_to_physical(
            {static_cast<double>(x), static_cast<double>(y), static_cast<double>(z)});
        const auto source = in.geometry.physical_to_index(point);
        std::array<int64_t, 3> i{};
        for (int a = 0; a < 3; ++a) {
          i[a] = std::llround(source[a]);
          ASSERT_NEAR(source[a], static_cast<double>(i[a]), 1e-9);
        }
        ASSERT_EQ(out.data[0][z][y][x].item<float>(), in.data[0][i[2]][i[1]][i[0]].item<float>());
      }
}

TEST(Reorient, AnOrientedVolumeIsLeftAsItIs) {
  Geometry g;
  g.direction = direction_of_code("RAS");
  const AxisPlan plan = plan_towards(g, direction_of_code("RAS"));
  EXPECT_TRUE(plan.identity());
}

}  // namespace
}  // namespace ves::transforms
