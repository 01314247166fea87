// Window grids (grid samplers, sliding-window inference) against hand-computed corners.
#include "ves/core/window_grid.hpp"

#include <ATen/ATen.h>
#include <gtest/gtest.h>

using ves::window_corners;
using ves::window_starts;
using Ints = std::vector<int64_t>;

TEST(WindowStarts, MatchHandComputedCorners) {
  // size 10, patch 4, overlap 0.5: step 2 -> 0, 2, 4, then 6 = 10 - 4 ends the grid.
  EXPECT_EQ(window_starts(10, 4, 0.5), (Ints{0, 2, 4, 6}));
  // size 11: 0, 2, 4, 6 (6 + 4 < 11), then the last clamped to 11 - 4 = 7.
  EXPECT_EQ(window_starts(11, 4, 0.5), (Ints{0, 2, 4, 6, 7}));
  // no overlap: step 4 -> 0, 4, 8 (8 + 4 = 12 is the end).
  EXPECT_EQ(window_starts(12, 4, 0.0), (Ints{0, 4, 8}));
  // patch 10, overlap 0.7: step floor(3.0000) = 3 -> 0, 3, 6, 9, then 20 - 10 = 10.
  EXPECT_EQ(window_starts(20, 10, 0.7), (Ints{0, 3, 6, 9, 10}));
  // a case no larger than the patch: one window at 0.
  EXPECT_EQ(window_starts(4, 4, 0.5), (Ints{0}));
  EXPECT_EQ(window_starts(3, 4, 0.5), (Ints{0}));
  // overlap 0.9 of 4 voxels: step floor(0.4) would be 0, so 1.
  EXPECT_EQ(window_starts(6, 4, 0.9), (Ints{0, 1, 2}));
}

TEST(WindowCorners, AreThePerAxisProductLastAxisFastestAndCoverEveryVoxel) {
  const Ints shape{5, 9, 10}, patch{4, 4, 4};
  const auto corners = window_corners(shape, patch, 0.5);
  // z: 0, 1; y: 0, 2, 4, 5; x: 0, 2, 4, 6 -> 2 * 4 * 4 = 32, x fastest.
  ASSERT_EQ(corners.size(), 32u);
  EXPECT_EQ(corners[0], (Ints{0, 0, 0}));
  EXPECT_EQ(corners[1], (Ints{0, 0, 2}));
  EXPECT_EQ(corners[4], (Ints{0, 2, 0}));
  EXPECT_EQ(corners[31], (Ints{1, 5, 6}));
  at::Tensor hits = at::zeros({5, 9, 10}, at::kInt);
  for (const auto& c : corners) hits.narrow(0, c[0], 4).narrow(1, c[1], 4).narrow(2, c[2], 4) += 1;
  EXPECT_GE(hits.min().item<int>(), 1);
}

TEST(WindowCorners, Handle2DShapes) {
  // y 3 (smaller than the patch) -> 0; x 7, patch 4, overlap 0 -> 0, 3.
  EXPECT_EQ(window_corners({3, 7}, {4, 4}, 0.0), (std::vector<Ints>{{0, 0}, {0, 3}}));
}
