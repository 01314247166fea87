#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include "components.hpp"

namespace ves::transforms {
namespace {

// A 5x5x5 mask (z, y, x) with known components:
//   A: a 2x2x2 cube (8 voxels);
//   B: two voxels touching at a corner (26-connected only);
//   C: two voxels touching along an edge (18- and 26-connected);
//   D: a straight line of 3 voxels.
at::Tensor hand_made_mask() {
  at::Tensor m = at::zeros({5, 5, 5}, at::kByte);
  m.slice(0, 0, 2).slice(1, 0, 2).slice(2, 0, 2).fill_(1);
  m[3][3][3] = 1;
  m[4][4][4] = 1;
  m[0][3][0] = 1;
  m[0][4][1] = 1;
  m[4][0].slice(0, 2, 5).fill_(1);
  return m;
}

std::vector<int64_t> sizes_of(const Components& c) {
  const at::Tensor counts = at::bincount(c.labels.flatten().to(at::kLong), {}, c.count + 1);
  std::vector<int64_t> sizes;
  for (int64_t i = 1; i <= c.count; ++i) sizes.push_back(counts[i].item<int64_t>());
  std::sort(sizes.rbegin(), sizes.rend());
  return sizes;
}

TEST(LabelComponents, CountsDependOnConnectivity) {
  const at::Tensor mask = hand_made_mask();
  EXPECT_EQ(sizes_of(label_components(mask, 6)), (std::vector<int64_t>{8, 3, 1, 1, 1, 1}));
  EXPECT_EQ(sizes_of(label_components(mask, 18)), (std::vector<int64_t>{8, 3, 2, 1, 1}));
  EXPECT_EQ(sizes_of(label_components(mask, 26)), (std::vector<int64_t>{8, 3, 2, 2}));
}

TEST(LabelComponents, NumbersComponentsInRasterOrderOfTheirFirstVoxel) {
  const Components c = label_components(hand_made_mask(), 26);
  EXPECT_EQ(c.labels[0][0][0].item<int32_t>(), 1);  // A
  EXPECT_EQ(c.labels[0][3][0].item<int32_t>(), 2);  // C
  EXPECT_EQ(c.labels[0][4][1].item<int32_t>(), 2);
  EXPECT_EQ(c.labels[3][3][3].item<int32_t>(), 3);  // B
  EXPECT_EQ(c.labels[4][0][2].item<int32_t>(), 4);  // D starts at z = 4, y = 0
  EXPECT_EQ(c.labels[4][4][4].item<int32_t>(), 3);
}

TEST(LabelComponents, ItkAndTheBreadthFirstSearchAgreeOnARandomMask) {
  at::manual_seed(3);
  const at::Tensor mask = at::rand({12, 11, 10}) < 0.3;
  for (int connectivity : {6, 26}) {
    const Components itk = label_components(mask, connectivity);
    const Components bfs = label_components_bfs(mask, connectivity);
    EXPECT_EQ(itk.count, bfs.count) << connectivity;
    EXPECT_TRUE(at::equal(itk.labels, bfs.labels)) << connectivity;
  }
}

TEST(FilterComponents, DropsComponentsBelowTheMinimumSize) {
  const at::Tensor mask = hand_made_mask();
  ComponentFilter filter;
  filter.min_voxels = 3;
  EXPECT_EQ(filter_components(mask, {}, filter).sum().item<int64_t>(), 11);  // A + D
  filter.connectivity = 6;
  filter.min_voxels = 2;
  EXPECT_EQ(filter_components(mask, {}, filter).sum().item<int64_t>(), 11);
  filter.connectivity = 26;
  EXPECT_EQ(filter_components(mask, {}, filter).sum().item<int64_t>(), 15);  // all kept
}

TEST(FilterComponents, KeepsTheKLargest) {
  const at::Tensor mask = hand_made_mask();
  ComponentFilter filter;
  filter.keep_largest = 1;
  const at::Tensor largest = filter_components(mask, {}, filter);
  EXPECT_EQ(largest.sum().item<int64_t>(), 8);
  EXPECT_EQ(largest[0][0][0].item<uint8_t>(), 1);
  filter.keep_largest = 2;
  EXPECT_EQ(filter_components(mask, {}, filter).sum().item<int64_t>(), 11);
  EXPECT_EQ(filter_components(mask, {}, filter).scalar_type(), at::kByte);
}

// Probabilities: A 0.9; D 0.3, 0.3, 0.6; B 0.45; C 0.55 and 0.2.
at::Tensor hand_made_prob() {
  at::Tensor p = at::zeros({5, 5, 5});
  p.slice(0, 0, 2).slice(1, 0, 2).slice(2, 0, 2).fill_(0.9);
  p[4][0].slice(0, 2, 5).fill_(0.3);
  p[4][0][4] = 0.6;
  p[3][3][3] = 0.45;
  p[4][4][4] = 0.45;
  p[0][3][0] = 0.55;
  p[0][4][1] = 0.2;
  return p;
}

TEST(FilterComponents, DropsComponentsWhoseMaximumProbabilityIsBelowTheMinimumScore) {
  ComponentFilter filter;
  filter.min_score = 0.5;
  const at::Tensor kept = filter_components(hand_made_mask(), hand_made_prob(), filter);
  EXPECT_EQ(kept.sum().item<int64_t>(), 13);  // A 8 + D 3 + C 2; B (max 0.45) dropped
  EXPECT_EQ(kept[3][3][3].item<uint8_t>(), 0);
  EXPECT_EQ(kept[4][4][4].item<uint8_t>(), 0);
}

TEST(FilterComponents, ScoresByMeanOrNinetyFifthPercentile) {
  ComponentFilter filter;
  filter.min_score = 0.5;
  filter.score = ComponentScore::Mean;  // D 0.4, C 0.375, B 0.45: only A stays
  EXPECT_EQ(filter_components(hand_made_mask(), hand_made_prob(), filter).sum().item<int64_t>(), 8);
  filter.score = ComponentScore::P95;  // D: 0.3 + 0.9 * 0.3 = 0.57; C: 0.2 + 0.95 * 0.35 = 0.53
  EXPECT_EQ(filter_components(hand_made_mask(), hand_made_prob(), filter).sum().item<int64_t>(),
            13);
}

}  // namespace
}  // namespace ves::transforms
