// Cropping with padding, and the geometry of a patch.
#include "patch_geometry.hpp"

#include <gtest/gtest.h>

#include "test_cases.hpp"
#include "ves/core/error.hpp"

using ves::samplers::crop_padded;
using Ints = std::vector<int64_t>;

TEST(CropPadded, EveryVoxelKeepsItsPhysicalPosition) {
  const auto whole = samplers_test::indexed_case({6, 7, 8}, samplers_test::oblique_geometry());
  const ves::Volume& image = whole.volume("image");
  const ves::Volume patch = crop_padded(image, {1, 2, 3}, {3, 4, 5}, 0.0);
  ASSERT_EQ(patch.data.sizes(), (Ints{1, 3, 4, 5}));
  for (int64_t z = 0; z < 3; ++z)
    for (int64_t y = 0; y < 4; ++y)
      for (int64_t x = 0; x < 5; ++x) {
        const auto point = patch.geometry.index_to_physical(
            {static_cast<double>(x), static_cast<double>(y), static_cast<double>(z)});
        const auto index = image.geometry.physical_to_index(point);
        const auto ix = std::lround(index[0]), iy = std::lround(index[1]),
                   iz = std::lround(index[2]);
        ASSERT_NEAR(index[0], ix, 1e-9);
        EXPECT_EQ(patch.data[0][z][y][x].item<float>(), image.data[0][iz][iy][ix].item<float>());
      }
  EXPECT_EQ(patch.geometry.spacing, image.geometry.spacing);
  EXPECT_EQ(patch.geometry.direction, image.geometry.direction);
}

TEST(CropPadded, FillsOutsideTheVolumeAndPlacesTheGridBeforeIt) {
  // Case 2 x 3 x 4 (z, y, x), values 1..24; box at (-1, -1, 0) of 4 x 4 x 4.
  const auto whole = samplers_test::indexed_case({2, 3, 4}, samplers_test::oblique_geometry());
  const ves::Volume& image = whole.volume("image");
  const ves::Volume patch = crop_padded(image, {-1, -1, 0}, {4, 4, 4}, -7.0);
  // Patch z 1..2 and y 1..3 hold the case; z 0, z 3 and y 0 are padding.
  EXPECT_TRUE(at::equal(patch.data.narrow(1, 1, 2).narrow(2, 1, 3), image.data));
  EXPECT_TRUE((patch.data.narrow(1, 0, 1) == -7).all().item<bool>());
  EXPECT_TRUE((patch.data.narrow(1, 3, 1) == -7).all().item<bool>());
  EXPECT_TRUE((patch.data.narrow(2, 0, 1) == -7).all().item<bool>());
  // The first voxel is case index (x 0, y -1, z -1).
  const auto expected = image.geometry.index_to_physical({0.0, -1.0, -1.0});
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(patch.geometry.origin[i], expected[i], 1e-12);
}

TEST(CropPadded, TwoDimensionalSlicesMoveTheirOriginInPlane) {
  ves::Geometry g = samplers_test::oblique_geometry();
  const ves::Volume slice{at::arange(12, at::kFloat).reshape({1, 3, 4}), g};
  const ves::Volume patch = crop_padded(slice, {1, 2}, {2, 2}, 0.0);
  EXPECT_TRUE(at::equal(patch.data, slice.data.narrow(1, 1, 2).narrow(2, 2, 2)));
  // (y 1, x 2) is geometry index (2, 1, 0).
  const auto expected = g.index_to_physical({2.0, 1.0, 0.0});
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(patch.geometry.origin[i], expected[i], 1e-12);
}

TEST(CropSample, PadsLabelsAndIntegerVolumesWithZeroAndRecordsTheCorner) {
  auto whole = samplers_test::indexed_case({2, 2, 2});
  whole.volumes["mask"] = ves::Volume{at::ones({1, 2, 2, 2}, at::kFloat), {}};  // float label
  const auto patch = ves::samplers::crop_sample(whole, {-1, 0, 0}, {3, 2, 2}, {5.0, "mask"});
  EXPECT_EQ(patch.meta.at("patch_corner"), "-1,0,0");
  EXPECT_EQ(patch.meta.at("vertebra"), "L1");
  EXPECT_EQ(patch.subject_id, "patient_7");
  EXPECT_EQ(patch.volume("image").data[0][0][0][0].item<float>(), 5.0f);
  EXPECT_EQ(patch.volume("error_map").data[0][0][0][0].item<float>(), 5.0f);
  EXPECT_EQ(patch.volume("mask").data[0][0][0][0].item<float>(), 0.0f);
  EXPECT_EQ(patch.volume("label").data.scalar_type(), at::kByte);
  EXPECT_EQ(patch.volume("label").data[0][0][0][0].item<int>(), 0);
  EXPECT_EQ(patch.volume("image").data[0][1][0][0].item<float>(), 1.0f);
}

TEST(CommonShape, RejectsVolumesOnDifferentGridsNamingTheCase) {
  auto whole = samplers_test::indexed_case({2, 3, 4});
  whole.volumes["label"].data = at::zeros({1, 2, 3, 5}, at::kByte);
  try {
    ves::samplers::common_shape(whole, 3);
    FAIL() << "expected a DataError";
  } catch (const ves::DataError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("case case_7: volume 'label'"), std::string::npos) << message;
    EXPECT_NE(message.find("not on the grid of 'error_map'"), std::string::npos) << message;
  }
  // A 3-D case with a 2-D patch size.
  EXPECT_THROW(ves::samplers::common_shape(samplers_test::indexed_case({2, 3, 4}), 2),
               ves::DataError);
}
