// Random training patches: geometry, foreground ratio, uniform corners, padding, determinism.
#include "patch_sampler.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "test_cases.hpp"
#include "ves/core/error.hpp"

using ves::samplers::PatchOptions;
using ves::samplers::PatchSampler;
using Ints = std::vector<int64_t>;

namespace {

ves::ItemRef item_tagged(const std::string& tag) {
  ves::ItemRef item;
  item.tag = tag;
  return item;
}

PatchSampler sampler(Ints patch, double ratio = 0.5, double offset = 0.25, double pad = 0.0) {
  return PatchSampler(PatchOptions{std::move(patch), ratio, offset, "label", pad});
}

}  // namespace

TEST(PatchSampler, PatchHasThePatchSizeAndEveryVoxelKeepsItsPhysicalPosition) {
  const auto whole = samplers_test::indexed_case({9, 10, 11}, samplers_test::oblique_geometry());
  const auto patches = sampler({4, 5, 6});
  ves::Rng rng(3);
  for (int draw = 0; draw < 5; ++draw) {
    const auto patch = patches.extract(whole, item_tagged("random"), rng);
    for (const auto& [name, volume] : patch.volumes) {
      ASSERT_EQ(volume.data.sizes(), (Ints{1, 4, 5, 6})) << name;
    }
    const auto corner = samplers_test::parse_corner(patch.meta.at("patch_corner"));
    ASSERT_EQ(corner.size(), 3u);
    const ves::Volume& image = patch.volume("image");
    const ves::Volume& source = whole.volume("image");
    for (int64_t z = 0; z < 4; ++z)
      for (int64_t y = 0; y < 5; ++y)
        for (int64_t x = 0; x < 6; ++x) {
          // The value at the physical point of patch voxel (x, y, z) is the case's value there.
          const auto point = image.geometry.index_to_physical(
              {static_cast<double>(x), static_cast<double>(y), static_cast<double>(z)});
          const auto index = source.geometry.physical_to_index(point);
          const auto ix = std::lround(index[0]), iy = std::lround(index[1]),
                     iz = std::lround(index[2]);
          EXPECT_EQ(iz, corner[0] + z);
          EXPECT_EQ(image.data[0][z][y][x].item<float>(), source.data[0][iz][iy][ix].item<float>());
        }
    EXPECT_TRUE(at::equal(patch.volume("error_map").data, image.data * 2));
  }
}

TEST(PatchSampler, ForegroundRatioOneAlwaysHoldsForegroundWithinTheOffsetOfTheCentre) {
  auto whole = samplers_test::indexed_case({20, 20, 20});
  whole.volumes["label"].data[0][5][6][13] = 1;
  // Patch 8: the voxel lands at 8 / 2 = 4 minus a shift in [-floor(0.25 * 8), 2] -> 2..6.
  const auto patches = sampler({8, 8, 8}, 1.0, 0.25);
  ves::Rng rng(11);
  std::map<int64_t, int> local_z;
  for (int draw = 0; draw < 60; ++draw) {
    const auto patch = patches.extract(whole, item_tagged("foreground"), rng);
    const auto corner = samplers_test::parse_corner(patch.meta.at("patch_corner"));
    const Ints voxel{5 - corner[0], 6 - corner[1], 13 - corner[2]};
    for (int64_t v : voxel) {
      EXPECT_GE(v, 2);
      EXPECT_LE(v, 6);
    }
    EXPECT_EQ(patch.volume("label").data.sum().item<int64_t>(), 1);
    ++local_z[voxel[0]];
  }
  EXPECT_GE(local_z.size(), 4u);  // the offset really moves the centre
}

TEST(PatchSampler, ForegroundAtTheCaseEdgeStaysInsideThePatch) {
  auto whole = samplers_test::indexed_case({10, 10, 10});
  whole.volumes["label"].data[0][0][9][0] = 3;
  const auto patches = sampler({6, 6, 6}, 1.0, 0.5);
  ves::Rng rng(5);
  for (int draw = 0; draw < 30; ++draw) {
    const auto patch = patches.extract(whole, item_tagged("foreground"), rng);
    EXPECT_EQ(patch.volume("label").data.sum().item<int64_t>(), 3);
    const auto corner = samplers_test::parse_corner(patch.meta.at("patch_corner"));
    EXPECT_EQ(corner, (Ints{0, 4, 0}));  // clamped to the case: no padding needed
  }
}

TEST(PatchSampler, ForegroundItemWithoutForegroundFallsBackToAUniformPatch) {
  const auto whole = samplers_test::indexed_case({6, 6, 6});
  ves::Rng rng(1);
  const auto patch = sampler({4, 4, 4}, 1.0).extract(whole, item_tagged("foreground"), rng);
  EXPECT_EQ(patch.volume("image").data.sizes(), (Ints{1, 4, 4, 4}));
}

TEST(PatchSampler, ForegroundItemWithoutTheLabelVolumeNamesTheCase) {
  auto whole = samplers_test::indexed_case({6, 6, 6});
  whole.volumes.erase("label");
  ves::Rng rng(1);
  try {
    sampler({4, 4, 4}, 1.0).extract(whole, item_tagged("foreground"), rng);
    FAIL() << "expected a DataError";
  } catch (const ves::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("case case_7 has no volume 'label'"), std::string::npos)
        << e.what();
  }
  // Random items need no label.
  EXPECT_NO_THROW(sampler({4, 4, 4}, 0.0).extract(whole, item_tagged("random"), rng));
}

TEST(PatchSampler, RatioZeroDrawsEveryCornerAboutEquallyOften) {
  // z: 12 voxels, patch 4 -> corners 0..8 (9 values), 1800 draws -> 200 each (sd ~13).
  auto whole = samplers_test::indexed_case({12, 4, 4});
  whole.volumes["label"].data[0][0][0][0] = 1;  // foreground is ignored at ratio 0
  auto patches = sampler({4, 4, 4}, 0.0);
  ves::Rng plan_rng(2), rng(9);
  std::map<int64_t, int> counts;
  const auto batches = patches.plan_epoch(1, 1, 1800, plan_rng);
  for (const auto& batch : batches) {
    ASSERT_EQ(batch[0].tag, "random");
    const auto patch = patches.extract(whole, batch[0], rng);
    ++counts[samplers_test::parse_corner(patch.meta.at("patch_corner"))[0]];
  }
  ASSERT_EQ(counts.size(), 9u);
  EXPECT_EQ(counts.begin()->first, 0);
  EXPECT_EQ(counts.rbegin()->first, 8);
  for (const auto& [corner, count] : counts) {
    EXPECT_GT(count, 140) << "corner " << corner;
    EXPECT_LT(count, 260) << "corner " << corner;
  }
}

TEST(PatchSampler, CaseSmallerThanThePatchIsPaddedAndPlacedOnTheExtendedGrid) {
  // Case 2 x 3 x 5 (z, y, x) in patch 4 x 4 x 4: z corner in [-2, 0], y in [-1, 0], x in [0, 1].
  const auto whole = samplers_test::indexed_case({2, 3, 5}, samplers_test::oblique_geometry());
  const auto patches = sampler({4, 4, 4}, 0.0, 0.25, -3.0);
  ves::Rng rng(4);
  for (int draw = 0; draw < 10; ++draw) {
    const auto patch = patches.extract(whole, item_tagged("random"), rng);
    const auto c = samplers_test::parse_corner(patch.meta.at("patch_corner"));
    ASSERT_TRUE(c[0] >= -2 && c[0] <= 0 && c[1] >= -1 && c[1] <= 0 && c[2] >= 0 && c[2] <= 1);
    const at::Tensor image = patch.volume("image").data;
    // The case's voxels sit at (z, y, x) - corner; everything else is padding.
    const at::Tensor inside = image.narrow(1, -c[0], 2).narrow(2, -c[1], 3);
    EXPECT_TRUE(at::equal(inside, whole.volume("image").data.narrow(3, c[2], 4)));
    EXPECT_EQ((image == -3).sum().item<int64_t>(), 64 - 2 * 3 * 4);
    EXPECT_EQ((image > 0).sum().item<int64_t>(), 2 * 3 * 4);
    EXPECT_EQ(patch.volume("label").data.sum().item<int64_t>(), 0);  // labels pad with 0
    EXPECT_EQ((patch.volume("error_map").data == -3).sum().item<int64_t>(), 64 - 24);
    const auto origin = whole.volume("image").geometry.index_to_physical(
        {static_cast<double>(c[2]), static_cast<double>(c[1]), static_cast<double>(c[0])});
    for (int i = 0; i < 3; ++i)
      EXPECT_NEAR(patch.volume("image").geometry.origin[i], origin[i], 1e-12);
  }
}

TEST(PatchSampler, SameSeedGivesTheSamePatch) {
  auto whole = samplers_test::indexed_case({12, 13, 14});
  whole.volumes["label"].data.narrow(1, 3, 4).fill_(1);
  const auto patches = sampler({4, 5, 6}, 0.5);
  for (const char* tag : {"random", "foreground"}) {
    ves::Rng a(42), b(42), c(43);
    const auto pa = patches.extract(whole, item_tagged(tag), a);
    const auto pb = patches.extract(whole, item_tagged(tag), b);
    EXPECT_EQ(pa.meta.at("patch_corner"), pb.meta.at("patch_corner"));
    EXPECT_TRUE(at::equal(pa.volume("image").data, pb.volume("image").data));
    std::set<std::string> corners;
    for (int i = 0; i < 5; ++i) {
      corners.insert(patches.extract(whole, item_tagged(tag), c).meta.at("patch_corner"));
    }
    EXPECT_GT(corners.size(), 1u) << tag;
  }
}

TEST(PatchSampler, PlansTheRequestedNumberOfBatchesOrOnePassOverTheCases) {
  auto patches = sampler({4, 4, 4}, 0.7);
  ves::Rng rng(8);
  const auto asked = patches.plan_epoch(10, 3, 5, rng);
  ASSERT_EQ(asked.size(), 5u);
  for (const auto& batch : asked) EXPECT_EQ(batch.size(), 3u);
  // iterations 0: ceil(10 / 4) = 3 batches.
  EXPECT_EQ(patches.plan_epoch(10, 4, 0, rng).size(), 3u);

  // 2000 items: cases uniform over 0..9, about 70 % foreground.
  std::map<size_t, int> cases;
  int foreground = 0;
  for (const auto& batch : patches.plan_epoch(10, 4, 500, rng)) {
    for (const auto& item : batch) {
      ++cases[item.case_index];
      foreground += item.tag == "foreground";
      EXPECT_TRUE(item.tag == "foreground" || item.tag == "random");
      EXPECT_TRUE(item.position.empty());
    }
  }
  EXPECT_EQ(cases.size(), 10u);
  EXPECT_EQ(cases.rbegin()->first, 9u);
  EXPECT_NEAR(foreground / 2000.0, 0.7, 0.05);
  EXPECT_THROW(patches.plan_epoch(0, 2, 0, rng), ves::UsageError);
}

TEST(PatchSampler, ItemWithAPositionIsCutThere) {
  const auto whole = samplers_test::indexed_case({6, 6, 6});
  ves::ItemRef item = item_tagged("foreground");
  item.position = {1, -1, 2};
  ves::Rng rng(1);
  const auto patch = sampler({4, 4, 4}).extract(whole, item, rng);
  EXPECT_EQ(patch.meta.at("patch_corner"), "1,-1,2");
}
