// CheckpointKeeper: best and top-k bookkeeping, readable file names, state round trip.
#include <gtest/gtest.h>

#include "checkpoint_keeper.hpp"

namespace ves::stages {
namespace {

TEST(CheckpointKeeper, KeepsTheTopKAndNamesFilesReadably) {
  CheckpointKeeper keeper("ck", "val_dice", /*maximize=*/true, /*top_k=*/2);
  auto u1 = keeper.update(1, 0.5);
  EXPECT_TRUE(u1.best);
  EXPECT_EQ(u1.top_k_file, std::filesystem::path("ck/epoch001_val_dice0.5000.pt"));
  auto u2 = keeper.update(2, 0.4);
  EXPECT_FALSE(u2.best);
  EXPECT_EQ(u2.top_k_file, std::filesystem::path("ck/epoch002_val_dice0.4000.pt"));
  EXPECT_TRUE(u2.obsolete.empty());
  // 0.7 enters, 0.4 (epoch 2) drops out.
  auto u3 = keeper.update(3, 0.7);
  EXPECT_TRUE(u3.best);
  ASSERT_EQ(u3.obsolete.size(), 1u);
  EXPECT_EQ(u3.obsolete[0], std::filesystem::path("ck/epoch002_val_dice0.4000.pt"));
  // 0.3 is not in the top 2: nothing written, nothing deleted.
  auto u4 = keeper.update(4, 0.3);
  EXPECT_FALSE(u4.best);
  EXPECT_TRUE(u4.top_k_file.empty());
  EXPECT_TRUE(u4.obsolete.empty());
  EXPECT_DOUBLE_EQ(keeper.best(), 0.7);
  EXPECT_EQ(keeper.best_epoch(), 3);
}

TEST(CheckpointKeeper, MinimisesALossAndIgnoresNaN) {
  CheckpointKeeper keeper("ck", "loss", /*maximize=*/false, 0);
  EXPECT_TRUE(keeper.update(1, 0.9).best);
  EXPECT_FALSE(keeper.update(2, std::nan("")).best);
  EXPECT_TRUE(keeper.update(3, 0.5).best);
  EXPECT_FALSE(keeper.improves(0.6));
  EXPECT_TRUE(keeper.update(4, 0.6).top_k_file.empty());  // top_k 0: no extra files
}

TEST(CheckpointKeeper, StateRoundTripKeepsBestAndTopK) {
  CheckpointKeeper a("ck", "val_dice", true, 2);
  a.update(1, 0.5);
  a.update(2, 0.6);
  CheckpointKeeper b("ck", "val_dice", true, 2);
  b.set_state(a.state());
  EXPECT_DOUBLE_EQ(b.best(), 0.6);
  EXPECT_EQ(b.best_epoch(), 2);
  const auto u = b.update(3, 0.55);  // beats 0.5 (epoch 1), which must go
  ASSERT_EQ(u.obsolete.size(), 1u);
  EXPECT_EQ(u.obsolete[0], std::filesystem::path("ck/epoch001_val_dice0.5000.pt"));
  EXPECT_FALSE(u.best);
}

}  // namespace
}  // namespace ves::stages
