#include "ves/core/itk_bridge.hpp"

#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <itkImageFileReader.h>
#include <itkImageFileWriter.h>
#include <itkNiftiImageIO.h>
#include <itkSpatialOrientationAdapter.h>

#include <filesystem>
#include <random>

#include "oblique_geometry.hpp"
#include "ves/core/error.hpp"
#include "ves/core/rng.hpp"

namespace ves {
namespace {

// An ITK image of size (X, Y, Z) = (5, 4, 3) whose voxel (x, y, z) holds x + 10 y + 100 z.
ItkImage3f::Pointer coded_image(const Geometry& geometry) {
  auto image = ItkImage3f::New();
  ItkImage3f::SizeType size;
  size[0] = 5;
  size[1] = 4;
  size[2] = 3;
  image->SetRegions(ItkImage3f::RegionType(size));
  apply_geometry(geometry, *image);
  image->Allocate();
  for (itk::IndexValueType z = 0; z < 3; ++z) {
    for (itk::IndexValueType y = 0; y < 4; ++y) {
      for (itk::IndexValueType x = 0; x < 5; ++x) {
        image->SetPixel({{x, y, z}}, static_cast<float>(x + 10 * y + 100 * z));
      }
    }
  }
  return image;
}

std::filesystem::path temporary_file(const std::string& extension) {
  std::random_device device;
  return std::filesystem::temp_directory_path() /
         ("ves_itk_bridge_" + std::to_string(device()) + extension);
}

TEST(ItkBridge, CopiesGeometryExactlyBothWays) {
  const Geometry g = testing::oblique_geometry();
  auto image = ItkImage3f::New();
  apply_geometry(g, *image);
  const Geometry back = geometry_of(*image);
  EXPECT_EQ(back.spacing, g.spacing);
  EXPECT_EQ(back.origin, g.origin);
  EXPECT_EQ(back.direction, g.direction);
}

TEST(ItkBridge, MapsIndexToPhysicalPointExactlyAsItkDoes) {
  const Geometry g = testing::oblique_geometry();
  auto image = coded_image(g);
  itk::ContinuousIndex<double, 3> index;
  index[0] = 3.5;
  index[1] = -2;
  index[2] = 17.25;
  ItkImage3f::PointType expected;
  image->TransformContinuousIndexToPhysicalPoint(index, expected);
  const auto point = g.index_to_physical({3.5, -2, 17.25});
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(point[i], expected[i], 1e-12);
}

// itk::SpatialOrientationAdapter's code as three letters ("" when two axes claim one side).
std::string itk_orientation_code(const Geometry& g) {
  auto image = ItkImage3f::New();
  apply_geometry(g, *image);
  const auto code = static_cast<unsigned>(
      itk::SpatialOrientationAdapter().FromDirectionCosines(image->GetDirection()));
  std::string letters;
  for (int shift : {0, 8, 16}) {
    switch ((code >> shift) & 0xFF) {
      case 2:
        letters += 'R';
        break;
      case 3:
        letters += 'L';
        break;
      case 4:
        letters += 'P';
        break;
      case 5:
        letters += 'A';
        break;
      case 8:
        letters += 'I';
        break;
      case 9:
        letters += 'S';
        break;
      default:
        return "";
    }
  }
  return letters;
}

TEST(ItkBridge, NamesOrientationsAsItksSpatialOrientationAdapterDoes) {
  Geometry g;
  EXPECT_EQ(itk_orientation_code(g), "RAI");
  Rng rng(2024);
  int compared = 0;
  for (int trial = 0; trial < 200; ++trial) {
    // A random rotation (Gram-Schmidt of a random matrix) with random axis flips.
    std::array<std::array<double, 3>, 3> axes;
    for (int c = 0; c < 3; ++c) {
      for (int r = 0; r < 3; ++r) axes[c][r] = rng.normal();
      for (int p = 0; p < c; ++p) {
        double dot = 0;
        for (int r = 0; r < 3; ++r) dot += axes[c][r] * axes[p][r];
        for (int r = 0; r < 3; ++r) axes[c][r] -= dot * axes[p][r];
      }
      double norm = 0;
      for (int r = 0; r < 3; ++r) norm += axes[c][r] * axes[c][r];
      for (int r = 0; r < 3; ++r) g.direction[r * 3 + c] = axes[c][r] /= std::sqrt(norm);
    }
    const std::string expected = itk_orientation_code(g);
    const bool distinct_sides = expected.size() == 3 &&
                                std::string("RL").find_first_of(expected) != std::string::npos &&
                                std::string("AP").find_first_of(expected) != std::string::npos &&
                                std::string("IS").find_first_of(expected) != std::string::npos;
    if (!distinct_sides) continue;  // ITK's per-column choice collided; ours stays a permutation
    // ITK's enum names the side an axis comes from; ours the side it points to.
    std::string pointing_to = expected;
    for (char& c : pointing_to) c = std::string("LRPASI")[std::string("RLAPIS").find(c)];
    EXPECT_EQ(g.orientation_code(), pointing_to) << g.describe();
    ++compared;
  }
  EXPECT_GT(compared, 100);
}

TEST(ItkBridge, SharesTheItkBufferWithoutCopying) {
  auto image = coded_image(Geometry());
  const float* buffer = image->GetBufferPointer();
  Volume v = volume_from_itk(image);
  EXPECT_EQ(v.data.data_ptr(), static_cast<const void*>(buffer));
  image = nullptr;  // the tensor alone keeps the pixels alive now
  EXPECT_EQ(v.data[0][2][3][4].item<float>(), 234.0f);
  EXPECT_EQ(v.data.sum().item<float>(), 3 * 4 * (0 + 1 + 2 + 3 + 4) + 3 * 5 * 60 + 4 * 5 * 300);
}

TEST(ItkBridge, PutsItkIndexXyzAtTensorPositionZyx) {
  const Volume v = volume_from_itk(coded_image(Geometry()));
  EXPECT_EQ(v.data.sizes(), (std::vector<int64_t>{1, 3, 4, 5}));
  EXPECT_EQ(v.size_xyz(), (std::array<int64_t, 3>{5, 4, 3}));
  EXPECT_EQ(v.data[0][0][0][1].item<float>(), 1.0f);    // x = 1
  EXPECT_EQ(v.data[0][0][1][0].item<float>(), 10.0f);   // y = 1
  EXPECT_EQ(v.data[0][1][0][0].item<float>(), 100.0f);  // z = 1
  EXPECT_EQ(v.data[0][2][1][3].item<float>(), 213.0f);
}

TEST(ItkBridge, RoundTripsAnItkImageThroughAVolumeUnchanged) {
  const Geometry g = testing::oblique_geometry();
  auto original = coded_image(g);
  const Volume v = volume_from_itk(original);
  EXPECT_EQ(v.geometry.spacing, g.spacing);
  EXPECT_EQ(v.geometry.origin, g.origin);
  EXPECT_EQ(v.geometry.direction, g.direction);
  auto back = itk_from_volume(v);
  EXPECT_NE(back->GetBufferPointer(), original->GetBufferPointer());
  EXPECT_EQ(back->GetSpacing(), original->GetSpacing());
  EXPECT_EQ(back->GetOrigin(), original->GetOrigin());
  EXPECT_EQ(back->GetDirection(), original->GetDirection());
  EXPECT_EQ(back->GetLargestPossibleRegion(), original->GetLargestPossibleRegion());
  for (const itk::IndexValueType x : {0, 2, 4}) {
    EXPECT_EQ(back->GetPixel({{x, 3, 2}}), original->GetPixel({{x, 3, 2}}));
  }
}

TEST(ItkBridge, ConvertsAnyTensorTypeToAFloatImage) {
  Volume v{at::arange(24, at::kLong).reshape({2, 2, 3, 2}), testing::oblique_geometry()};
  auto image = itk_from_volume(v, 1);
  EXPECT_EQ(image->GetPixel({{1, 2, 1}}), 12.0f + 1 * 6 + 2 * 2 + 1);
  EXPECT_EQ(image->GetLargestPossibleRegion().GetSize()[0], 2u);
  EXPECT_EQ(image->GetLargestPossibleRegion().GetSize()[1], 3u);
}

TEST(ItkBridge, ConvertsAVectorImageToChannelsFirstAndBack) {
  Volume v{at::rand({3, 4, 5, 6}), testing::oblique_geometry()};
  auto vector_image = itk_vector_from_volume(v);
  EXPECT_EQ(vector_image->GetNumberOfComponentsPerPixel(), 3u);
  EXPECT_EQ(vector_image->GetPixel({{5, 1, 2}})[2], v.data[2][2][1][5].item<float>());
  const Volume back = volume_from_itk(vector_image);
  EXPECT_TRUE(at::equal(back.data, v.data));
  EXPECT_EQ(back.geometry.direction, v.geometry.direction);
}

TEST(ItkBridge, ConvertsAOneComponentVectorImage) {
  const Volume v{at::rand({1, 2, 3, 4}), {}};
  const Volume back = volume_from_itk(itk_vector_from_volume(v));
  EXPECT_TRUE(at::equal(back.data, v.data));
}

TEST(ItkBridge, RefusesAVolumeThatIsNotChannelsZyx) {
  Volume slice{at::zeros({1, 4, 5}), {}};
  try {
    itk_from_volume(slice);
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("[1, 4, 5]"), std::string::npos) << e.what();
  }
  EXPECT_THROW(itk_vector_from_volume(Volume()), DataError);
  EXPECT_THROW(itk_from_volume(Volume{at::zeros({2, 2, 2, 2}), {}}, 2), DataError);
}

TEST(ItkBridge, KeepsGeometryThroughANiftiFileWithinFloatPrecision) {
  const Geometry g = testing::oblique_geometry();
  const auto path = temporary_file(".nii.gz");
  auto writer = itk::ImageFileWriter<ItkImage3f>::New();
  writer->SetImageIO(itk::NiftiImageIO::New());
  writer->SetFileName(path.string());
  writer->SetInput(itk_from_volume(volume_from_itk(coded_image(g))));
  writer->Update();

  auto reader = itk::ImageFileReader<ItkImage3f>::New();
  reader->SetImageIO(itk::NiftiImageIO::New());
  reader->SetFileName(path.string());
  reader->Update();
  const Volume read = volume_from_itk(reader->GetOutput());
  std::filesystem::remove(path);

  EXPECT_TRUE(read.geometry.approx_equal(g, 1e-5)) << read.geometry.describe();
  EXPECT_EQ(read.data.sizes(), (std::vector<int64_t>{1, 3, 4, 5}));
  EXPECT_EQ(read.data[0][2][3][4].item<float>(), 234.0f);
}

}  // namespace
}  // namespace ves
