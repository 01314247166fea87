// Drawing spatial parameters and composing them into one map; the per-volume random stream.
#include <gtest/gtest.h>

#include <cmath>

#include "spatial.hpp"
#include "ves/core/error.hpp"
#include "volume_rng.hpp"

using ves_augment::SpatialDraw;
using ves_augment::SpatialRanges;

namespace {

std::array<double, 3> apply(const ves_augment::VoxelMap& m, const std::array<double, 3>& p) {
  std::array<double, 3> q{};
  for (size_t i = 0; i < 3; ++i) {
    q[i] = m.offset[i];
    for (size_t k = 0; k < 3; ++k) q[i] += m.matrix[i * 3 + k] * p[k];
  }
  return q;
}

SpatialRanges recipe_c() {
  SpatialRanges r;
  r.flip_p = {0.5, 0.5, 0.5};
  r.rotate_deg = {{{-15, 15}, {-15, 15}, {-15, 15}}};
  r.scale = {0.9, 1.1};
  r.translate = {0.05, 0.05, 0.05};
  return r;
}

}  // namespace

TEST(DrawSpatial, SameSeedGivesTheSameDrawAndAnotherSeedAnother) {
  ves::Rng a(7), b(7), c(8);
  const auto da = ves_augment::draw_spatial(recipe_c(), 3, {64, 64, 32}, {1, 1, 2}, a);
  EXPECT_TRUE(da == ves_augment::draw_spatial(recipe_c(), 3, {64, 64, 32}, {1, 1, 2}, b));
  EXPECT_FALSE(da == ves_augment::draw_spatial(recipe_c(), 3, {64, 64, 32}, {1, 1, 2}, c));
}

TEST(DrawSpatial, StaysWithinTheRanges) {
  ves::Rng rng(1);
  for (int i = 0; i < 200; ++i) {
    const auto d = ves_augment::draw_spatial(recipe_c(), 3, {100, 100, 40}, {1, 1, 2}, rng);
    for (size_t a = 0; a < 3; ++a) {
      EXPECT_LE(std::abs(d.rotate_deg[a]), 15.0);
      EXPECT_GE(d.scale[a], 0.9);
      EXPECT_LE(d.scale[a], 1.1);
      EXPECT_EQ(d.scale[a], d.scale[0]);  // isotropic
    }
    EXPECT_LE(std::abs(d.translate_voxels[0]), 5.0);  // 5 % of 100 voxels
    EXPECT_LE(std::abs(d.translate_voxels[2]), 2.0);  // 5 % of 40 voxels
  }
}

TEST(DrawSpatial, TranslationInMillimetresBecomesVoxelsBySpacing) {
  SpatialRanges r;
  r.translate = {4, 4, 4};
  r.translate_units = ves_augment::TranslateUnits::Millimetres;
  ves::Rng rng(3);
  const auto d = ves_augment::draw_spatial(r, 3, {10, 10, 10}, {0.5, 1, 2}, rng);
  EXPECT_LE(std::abs(d.translate_voxels[0]), 8.0);
  EXPECT_LE(std::abs(d.translate_voxels[2]), 2.0);
  EXPECT_NE(d.translate_voxels[0], 0.0);
}

TEST(DrawSpatial, TwoDimensionalDataOnlyRotatesInPlane) {
  ves::Rng rng(5);
  const auto d = ves_augment::draw_spatial(recipe_c(), 2, {64, 64, 1}, {1, 1, 1}, rng);
  EXPECT_EQ(d.rotate_deg[0], 0.0);
  EXPECT_EQ(d.rotate_deg[1], 0.0);
  EXPECT_NE(d.rotate_deg[2], 0.0);
  EXPECT_FALSE(d.flip[2]);
  EXPECT_EQ(d.scale[2], 1.0);
}

TEST(SamplingMap, RotatesInMillimetresOnAnAnisotropicGrid) {
  SpatialDraw d;
  d.rotate_deg = {0, 0, 90};
  // x voxels are 1 mm, y voxels 2 mm: content 10 mm along +x (10 voxels) must land 10 mm
  // along +y (5 voxels). The map goes output -> input, so output (0, 5) reads input (10, 0).
  const auto m = ves_augment::sampling_map(d, 3, {1, 2, 1});
  const auto p = apply(m, {0, 5, 0});
  EXPECT_NEAR(p[0], 10.0, 1e-9);
  EXPECT_NEAR(p[1], 0.0, 1e-9);
  // In voxel space the same draw would read input (5, 0).
  EXPECT_NEAR(apply(ves_augment::sampling_map(d, 3, {1, 1, 1}), {0, 5, 0})[0], 5.0, 1e-9);
}

TEST(SamplingMap, ScaleAboveOneEnlargesAndTranslationMovesContent) {
  SpatialDraw d;
  d.scale = {2, 2, 2};
  d.translate_voxels = {3, 0, 0};
  const auto m = ves_augment::sampling_map(d, 3, {1, 1, 1});
  // Content at input x = 1 goes to output x = 2 * 1 + 3 = 5.
  EXPECT_NEAR(apply(m, {5, 0, 0})[0], 1.0, 1e-12);
}

TEST(SamplingMap, FlipsMirrorAboutTheMiddle) {
  SpatialDraw d;
  d.flip = {true, false, false};
  const auto m = ves_augment::sampling_map(d, 3, {1, 1, 1});
  EXPECT_EQ(apply(m, {2.5, 1, 0})[0], -2.5);
  EXPECT_EQ(apply(m, {2.5, 1, 0})[1], 1.0);
}

TEST(CentredGeometry, MovesTheOriginToTheCropsFirstVoxel) {
  ves::Geometry g;
  g.spacing = {0.5, 1, 2};
  g.origin = {10, 20, 30};
  const auto out = ves_augment::centred_geometry(g, {128, 128, 128}, {96, 96, 96});
  EXPECT_DOUBLE_EQ(out.origin[0], 10 + 16 * 0.5);
  EXPECT_DOUBLE_EQ(out.origin[2], 30 + 16 * 2.0);
  EXPECT_EQ(out.spacing, g.spacing);
}

TEST(VolumeRng, SlicesOfOneVolumeShareAStreamInOneEpochOnly) {
  ves::Sample a, b, c, other;
  a.case_id = "p1_L1_axial_12";
  b.case_id = "p1_L1_axial_40";
  for (auto* s : {&a, &b}) {
    s->meta["source_case"] = "p1_L1";
    s->meta["orientation"] = "axial";
    s->meta["epoch"] = "3";
  }
  c = a;
  c.meta["epoch"] = "4";
  other = a;
  other.meta["source_case"] = "p2_L1";
  auto first = [](ves::Rng r) { return r.next_u64(); };
  EXPECT_EQ(first(ves_augment::volume_rng(42, a, 0)), first(ves_augment::volume_rng(42, b, 0)));
  EXPECT_NE(first(ves_augment::volume_rng(42, a, 0)), first(ves_augment::volume_rng(42, c, 0)));
  EXPECT_NE(first(ves_augment::volume_rng(42, a, 0)), first(ves_augment::volume_rng(42, other, 0)));
  EXPECT_NE(first(ves_augment::volume_rng(42, a, 0)), first(ves_augment::volume_rng(43, a, 0)));
  EXPECT_NE(first(ves_augment::volume_rng(42, a, 0)), first(ves_augment::volume_rng(42, a, 1)));
}

TEST(VolumeRng, RefusesASampleWithoutAnEpochNamingTheCase) {
  ves::Sample s;
  s.case_id = "p1_L1_axial_12";
  try {
    ves_augment::volume_rng(1, s, 0);
    FAIL() << "expected a DataError";
  } catch (const ves::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("p1_L1_axial_12"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("epoch"), std::string::npos) << e.what();
  }
  s.meta["epoch"] = "-1";
  EXPECT_THROW(ves_augment::volume_rng(1, s, 0), ves::DataError);
}
