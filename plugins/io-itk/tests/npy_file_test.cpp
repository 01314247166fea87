// .npy files written here with known values: dtypes, byte orders, memory orders, axis orders.
#include "npy_file.hpp"

#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "test_folder.hpp"
#include "ves/core/error.hpp"
#include "volume_reader.hpp"

namespace ves::io_itk {
namespace {
using test::npy_bytes;
using test::raw_bytes;
using test::write_file;

// Values of an array indexed [i, j, k] with shape (I, J, K): 100 i + 10 j + k, listed in C
// order (last index fastest) or Fortran order (first index fastest).
std::vector<double> coded(int64_t I, int64_t J, int64_t K, bool fortran) {
  std::vector<double> values;
  if (fortran) {
    for (int64_t k = 0; k < K; ++k)
      for (int64_t j = 0; j < J; ++j)
        for (int64_t i = 0; i < I; ++i) values.push_back(100.0 * i + 10.0 * j + k);
  } else {
    for (int64_t i = 0; i < I; ++i)
      for (int64_t j = 0; j < J; ++j)
        for (int64_t k = 0; k < K; ++k) values.push_back(100.0 * i + 10.0 * j + k);
  }
  return values;
}

// Expects volume[0, z, y, x] == 100 x + 10 y + z (an xyz array read with npy_axes xyz).
void expect_xyz_coded(const Volume& volume, int64_t X, int64_t Y, int64_t Z) {
  ASSERT_EQ(volume.data.sizes(), (std::vector<int64_t>{1, Z, Y, X}));
  auto a = volume.data.accessor<float, 4>();
  for (int64_t z = 0; z < Z; ++z)
    for (int64_t y = 0; y < Y; ++y)
      for (int64_t x = 0; x < X; ++x)
        ASSERT_EQ(a[0][z][y][x], 100.0f * x + 10.0f * y + z) << x << "," << y << "," << z;
}

class NpyFile : public ::testing::Test {
 protected:
  test::TempFolder folder_;
};

TEST_F(NpyFile, ReadsCOrderFloat32AsXyzByDefault) {
  const auto path = folder_ / "c.npy";
  write_file(path, npy_bytes("<f4", {4, 3, 2}, false, raw_bytes<float>(coded(4, 3, 2, false))));
  const NpyArray array = read_npy(path);
  EXPECT_EQ(array.shape, (std::vector<int64_t>{4, 3, 2}));
  EXPECT_FALSE(array.fortran_order);
  expect_xyz_coded(volume_from_npy(array, NpyAxes::Xyz, {}, path), 4, 3, 2);
}

TEST_F(NpyFile, ReadsFortranOrderFloat64WithTheSameIndexing) {
  const auto path = folder_ / "f.npy";
  write_file(path, npy_bytes("<f8", {4, 3, 2}, true, raw_bytes<double>(coded(4, 3, 2, true))));
  const NpyArray array = read_npy(path);
  EXPECT_TRUE(array.fortran_order);
  expect_xyz_coded(volume_from_npy(array, NpyAxes::Xyz, {}, path), 4, 3, 2);
}

TEST_F(NpyFile, ReadsBigEndianInt16AndInt32) {
  const auto i2 = folder_ / "be_i2.npy";
  write_file(i2,
             npy_bytes(">i2", {4, 3, 2}, false, raw_bytes<int16_t>(coded(4, 3, 2, false), true)));
  expect_xyz_coded(volume_from_npy(read_npy(i2), NpyAxes::Xyz, {}, i2), 4, 3, 2);
  const auto i4 = folder_ / "be_i4.npy";
  write_file(i4, npy_bytes(">i4", {1, 1, 3}, false, raw_bytes<int32_t>({-70000, 0, 70000}, true)));
  const at::Tensor values = read_npy(i4).values.flatten();
  EXPECT_EQ(values[0].item<float>(), -70000.0f);
  EXPECT_EQ(values[2].item<float>(), 70000.0f);
}

TEST_F(NpyFile, ReadsUnsignedTypesBeyondTheSignedRange) {
  const auto u2 = folder_ / "u2.npy";
  write_file(u2, npy_bytes("<u2", {1, 1, 2}, false, raw_bytes<uint16_t>({65535, 40000})));
  EXPECT_EQ(read_npy(u2).values.flatten()[0].item<float>(), 65535.0f);
  const auto u1 = folder_ / "u1.npy";
  write_file(u1, npy_bytes("|u1", {1, 2, 1}, false, raw_bytes<uint8_t>({255, 7})));
  EXPECT_EQ(read_npy(u1).values.flatten()[0].item<float>(), 255.0f);
  EXPECT_EQ(read_npy(u1).dtype, "|u1");
  const auto be_u2 = folder_ / "be_u2.npy";
  write_file(be_u2, npy_bytes(">u2", {1, 1, 1}, false, raw_bytes<uint16_t>({50000}, true)));
  EXPECT_EQ(read_npy(be_u2).values.flatten()[0].item<float>(), 50000.0f);
}

TEST_F(NpyFile, ZyxAxesTakeTheArrayAsZYX) {
  const auto path = folder_ / "zyx.npy";
  // array[z, y, x] = 100 x + 10 y + z, written in C order with shape (Z, Y, X) = (2, 3, 4).
  std::vector<double> values;
  for (int z = 0; z < 2; ++z)
    for (int y = 0; y < 3; ++y)
      for (int x = 0; x < 4; ++x) values.push_back(100.0 * x + 10.0 * y + z);
  write_file(path, npy_bytes("<f4", {2, 3, 4}, false, raw_bytes<float>(values)));
  expect_xyz_coded(volume_from_npy(read_npy(path), NpyAxes::Zyx, {}, path), 4, 3, 2);
}

TEST_F(NpyFile, FourDimensionalArraysHaveChannelsFirst) {
  const auto path = folder_ / "c4.npy";
  std::vector<double> values = coded(4, 3, 2, false);
  for (double v : coded(4, 3, 2, false)) values.push_back(v + 1000.0);
  write_file(path, npy_bytes("<f4", {2, 4, 3, 2}, false, raw_bytes<float>(values)));
  const Volume volume = volume_from_npy(read_npy(path), NpyAxes::Xyz, {}, path);
  ASSERT_EQ(volume.data.sizes(), (std::vector<int64_t>{2, 2, 3, 4}));
  EXPECT_EQ(volume.data[1][1][2][3].item<float>(), 1000.0f + 300 + 20 + 1);
}

TEST_F(NpyFile, VolumeReaderAppliesTheGeometryParameters) {
  const auto path = folder_ / "geo.npy";
  write_file(path, npy_bytes("<f4", {4, 3, 2}, false, raw_bytes<float>(coded(4, 3, 2, false))));
  ReadOptions options;
  options.npy_geometry.spacing = {0.5, 0.75, 2.0};
  options.npy_geometry.origin = {-10.0, 20.0, 5.0};
  const Volume volume = VolumeReader(options).read(path);
  EXPECT_EQ(volume.geometry.spacing, (std::array<double, 3>{0.5, 0.75, 2.0}));
  EXPECT_EQ(volume.geometry.origin, (std::array<double, 3>{-10.0, 20.0, 5.0}));
  expect_xyz_coded(volume, 4, 3, 2);
}

TEST_F(NpyFile, RejectsATruncatedFileNamingIt) {
  const auto path = folder_ / "short.npy";
  std::string bytes = npy_bytes("<f4", {4, 3, 2}, false, raw_bytes<float>(coded(4, 3, 2, false)));
  write_file(path, bytes.substr(0, bytes.size() - 10));
  try {
    read_npy(path);
    FAIL() << "expected a DataError";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
  }
}

TEST_F(NpyFile, RejectsUnsupportedDtypesAndRanksWithAReason) {
  const auto complex = folder_ / "complex.npy";
  write_file(complex, npy_bytes("<c8", {1, 1, 1}, false, std::string(8, '\0')));
  EXPECT_THROW(read_npy(complex), DataError);
  const auto flat = folder_ / "flat.npy";
  write_file(flat, npy_bytes("<f4", {3}, false, raw_bytes<float>({1, 2, 3})));
  try {
    VolumeReader().read(flat);
    FAIL() << "expected a DataError";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("shape (3)"), std::string::npos) << e.what();
  }
  const auto junk = folder_ / "junk.npy";
  write_file(junk, "not numpy at all");
  EXPECT_THROW(read_npy(junk), DataError);
}

TEST_F(NpyFile, NanVoxelsAreADataErrorWithTheirCount) {
  const auto path = folder_ / "nan.npy";
  const double nan = std::numeric_limits<double>::quiet_NaN();
  write_file(path,
             npy_bytes("<f4", {2, 2, 1}, false,
                       raw_bytes<float>({1.0, nan, std::numeric_limits<double>::infinity(), 4.0})));
  try {
    VolumeReader().read(path);
    FAIL() << "expected a DataError";
  } catch (const DataError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(path.string()), std::string::npos) << message;
    EXPECT_NE(message.find("2 of 4 voxels are NaN or infinite"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace ves::io_itk
