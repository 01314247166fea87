// VoxelReference: voxel-wise mean and std over reference maps, and z-scores against them.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include "ves/core/error.hpp"
#include "voxel_reference.hpp"

namespace ves::stages {
namespace {

Volume map_of(std::vector<float> values) {
  Geometry g;
  g.spacing = {2.0, 2.0, 2.0};
  const auto n = static_cast<int64_t>(values.size());
  return Volume{at::tensor(values).view({1, 1, 1, n}), g};
}

TEST(VoxelReference, StandardisesEachVoxelByTheReferenceMeanAndStd) {
  // Voxel 0: 1, 3 (mean 2, std 1); voxel 1: 5, 5 (mean 5, std 0).
  VoxelReference reference;
  reference.add(map_of({1, 5}), "a");
  reference.add(map_of({3, 5}), "b");
  EXPECT_EQ(reference.count(), 2);
  EXPECT_TRUE(at::allclose(reference.mean().data, at::tensor({2.0f, 5.0f}).view({1, 1, 1, 2})));
  EXPECT_TRUE(at::allclose(reference.std().data, at::tensor({1.0f, 0.0f}).view({1, 1, 1, 2})));
  EXPECT_EQ(reference.mean().geometry.spacing[0], 2.0);
  // (4 - 2) / (1 + 0.5) and (6 - 5) / (0 + 0.5).
  const at::Tensor z = reference.standardized(map_of({4, 6}).data, 0.5, "c");
  EXPECT_NEAR(z[0][0][0][0].item<float>(), 2.0 / 1.5, 1e-6);
  EXPECT_NEAR(z[0][0][0][1].item<float>(), 2.0, 1e-6);
}

TEST(VoxelReference, NamesTheCaseWhoseGridSizeDiffers) {
  VoxelReference reference;
  reference.add(map_of({1, 2}), "first");
  try {
    reference.add(map_of({1, 2, 3}), "odd");
    FAIL() << "accepted another size";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("case odd: its map is [1, 1, 1, 3] but the reference "
                                         "cases' (first first) is [1, 1, 1, 2]"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(reference.standardized(map_of({1}).data, 0.1, "x"), DataError);
}

}  // namespace
}  // namespace ves::stages
