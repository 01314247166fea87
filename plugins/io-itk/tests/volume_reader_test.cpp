// VolumeReader on real NIfTI, NRRD and MetaImage files, with expected geometry and voxel values
// obtained independently of ITK: NIfTI headers and voxels parsed with a short python3 `struct`
// script (sizeof_hdr, dim, pixdim, srow_x/y/z; ITK 5.2 takes the rotation and translation from
// the sform when its code is set, so the expected LPS values are the sform's with the x and y
// rows negated and columns divided by their norms), NRRD/MetaImage headers read as text and
// their .raw/.zraw data summed with python3 (zlib for .zraw).
#include "volume_reader.hpp"

#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <functional>
#include <iterator>
#include <limits>

#include "itk_image_writer.hpp"
#include "test_folder.hpp"
#include "ves/core/error.hpp"
#include "ves_test/real_data.hpp"

namespace ves::io_itk {
namespace {
namespace fs = std::filesystem;

const std::string kNibabel = "debian/usr/lib/python3/dist-packages/nibabel/tests/data/";
const std::string kItkData = "debian/usr/share/doc/insighttoolkit5-examples/examples/Data/";

void expect_geometry(const Geometry& g, std::array<double, 3> spacing, std::array<double, 3> origin,
                     std::array<double, 9> direction, double tolerance = 1e-5) {
  for (int i = 0; i < 3; ++i) {
    EXPECT_NEAR(g.spacing[i], spacing[i], tolerance) << "spacing " << i;
    EXPECT_NEAR(g.origin[i], origin[i], tolerance) << "origin " << i;
  }
  for (int i = 0; i < 9; ++i) EXPECT_NEAR(g.direction[i], direction[i], tolerance) << "dir " << i;
}

float voxel(const Volume& v, int64_t c, int64_t x, int64_t y, int64_t z) {
  return v.data[c][z][y][x].item<float>();
}

double total(const at::Tensor& t) {
  return t.sum(at::kDouble).item<double>();
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const DataError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a DataError";
  return {};
}

TEST(VolumeReaderReal, ReadsNifti1Colin27WithItsSformGeometry) {
  const fs::path path = ves_test::real_data("debian/usr/share/mricron/templates/ch2.nii.gz");
  VES_REQUIRE_REAL_DATA(path);
  const Volume v = VolumeReader().read(path);
  // dim = (181, 217, 181), uint8, pixdim 1; qform_code 0, sform_code 4 with srow
  // (1 0 0 -90), (0 1 0 -125), (0 0 1 -71) RAS -> LPS origin (90, 125, -71), diag(-1, -1, 1).
  EXPECT_EQ(v.data.sizes(), (std::vector<int64_t>{1, 181, 217, 181}));
  EXPECT_EQ(v.data.scalar_type(), at::kFloat);
  expect_geometry(v.geometry, {1, 1, 1}, {90, 125, -71}, {-1, 0, 0, 0, -1, 0, 0, 0, 1});
  EXPECT_EQ(voxel(v, 0, 90, 108, 90), 33.0f);
  EXPECT_EQ(voxel(v, 0, 100, 120, 80), 97.0f);
  EXPECT_EQ(total(v.data), 317151210.0);
}

TEST(VolumeReaderReal, ReadsBigEndianNifti1) {
  const fs::path path = ves_test::real_data(kNibabel + "anatomical.nii");
  VES_REQUIRE_REAL_DATA(path);
  const Volume v = VolumeReader().read(path);
  // '>' sizeof_hdr 348; dim (33, 41, 25) int16; pixdim 2; sform_code 2 with srow
  // (-2 0 0 32), (0 2 0 -40), (0 0 2 -16) -> LPS origin (-32, 40, -16), diag(1, -1, 1).
  EXPECT_EQ(v.data.sizes(), (std::vector<int64_t>{1, 25, 41, 33}));
  expect_geometry(v.geometry, {2, 2, 2}, {-32, 40, -16}, {1, 0, 0, 0, -1, 0, 0, 0, 1});
  EXPECT_EQ(voxel(v, 0, 16, 20, 12), 11881.0f);
  EXPECT_EQ(voxel(v, 0, 10, 30, 5), 6777.0f);
  EXPECT_EQ(total(v.data), 284166082.0);
}

TEST(VolumeReaderReal, ReadsNifti2VolumesAsChannelsWhenAsked) {
  const fs::path path = ves_test::real_data(kNibabel + "example_nifti2.nii.gz");
  VES_REQUIRE_REAL_DATA(path);
  // sizeof_hdr 540 (NIfTI-2); dim (32, 20, 12, 2) int16; pixdim (2, 2, 2.199999094); sform_code 1
  // with srow (-2 ~0 ~0 117.8551), (~0 1.97371149 -0.35552824 -35.7229424),
  // (~0 0.32320762 2.17108178 -7.2487984).
  const std::string refused = message_of([&] { VolumeReader().read(path); });
  EXPECT_NE(refused.find(path.string()), std::string::npos) << refused;
  EXPECT_NE(refused.find("4-D"), std::string::npos) << refused;
  ReadOptions options;
  options.time_as_channels = true;
  const Volume v = VolumeReader(options).read(path);
  EXPECT_EQ(v.data.sizes(), (std::vector<int64_t>{2, 12, 20, 32}));
  expect_geometry(v.geometry, {2, 2, 2.1999990940093994},
                  {-117.8551025390625, 35.72294235229492, -7.248798370361328},
                  {1, 0, 0, 0, -0.98685572, 0.16160380, 0, 0.16160380, 0.98685572}, 1e-6);
  EXPECT_EQ(voxel(v, 0, 16, 10, 6), 265.0f);
  EXPECT_EQ(voxel(v, 0, 5, 7, 3), 433.0f);
  EXPECT_EQ(voxel(v, 1, 16, 10, 6), 266.0f);
  EXPECT_EQ(total(v.data[0]), 3461748.0);
  EXPECT_EQ(total(v.data[1]), 3465054.0);
}

TEST(VolumeReaderReal, RefusesA4dImageNamingTheFileAndItsDimension) {
  const fs::path path = ves_test::real_data(kNibabel + "example4d.nii.gz");
  VES_REQUIRE_REAL_DATA(path);
  // dim = (128, 96, 24, 2): two volumes.
  const std::string message = message_of([&] { VolumeReader().read(path); });
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  EXPECT_NE(message.find("4-D image (128x96x24x2)"), std::string::npos) << message;
  EXPECT_NE(message.find("time_as_channels"), std::string::npos) << message;
  // With time_as_channels: the same sform as example_nifti2.nii.gz (python struct), 2 volumes.
  ReadOptions options;
  options.time_as_channels = true;
  const Volume v = VolumeReader(options).read(path);
  EXPECT_EQ(v.data.sizes(), (std::vector<int64_t>{2, 24, 96, 128}));
  expect_geometry(v.geometry, {2, 2, 2.1999990940093994},
                  {-117.8551025390625, 35.72294235229492, -7.248798370361328},
                  {1, 0, 0, 0, -0.98685572, 0.16160380, 0, 0.16160380, 0.98685572}, 1e-6);
}

TEST(VolumeReaderReal, ReadsPermutedAxesAndAnisotropicSpacing) {
  const fs::path path = ves_test::real_data(kItkData + "KmeansTest_T1UCharRaw.nii.gz");
  VES_REQUIRE_REAL_DATA(path);
  const Volume v = VolumeReader().read(path);
  // dim (128, 128, 62) int16, pixdim (2, 2, 3); sform_code 1 with srow (-2 0 0 0),
  // (0 0 3 -254), (0 2 0 0): i -> L, j -> S, k -> A ("LSA") -> LPS origin (0, 254, 0) and
  // direction columns (1, 0, 0), (0, 0, 1), (0, -1, 0). (The qform, code 2, is 0.00026 off.)
  EXPECT_EQ(v.data.sizes(), (std::vector<int64_t>{1, 62, 128, 128}));
  expect_geometry(v.geometry, {2, 2, 3}, {0, 254, 0}, {1, 0, 0, 0, 0, -1, 0, 1, 0});
  EXPECT_EQ(voxel(v, 0, 64, 64, 31), 97.0f);
  EXPECT_EQ(voxel(v, 0, 40, 70, 20), 101.0f);
  EXPECT_EQ(total(v.data), 19533798.0);
}

TEST(VolumeReaderReal, ReadsMetaImageWithDetachedData) {
  const fs::path path = ves_test::real_data(kItkData + "BrainProtonDensity3Slices.mha");
  VES_REQUIRE_REAL_DATA(path);
  const Volume v = VolumeReader().read(path);
  // DimSize 181 217 3, MET_UCHAR, ElementSpacing 1 1 1, no Offset or TransformMatrix.
  EXPECT_EQ(v.data.sizes(), (std::vector<int64_t>{1, 3, 217, 181}));
  expect_geometry(v.geometry, {1, 1, 1}, {0, 0, 0}, {1, 0, 0, 0, 1, 0, 0, 0, 1});
  EXPECT_EQ(voxel(v, 0, 90, 108, 1), 228.0f);
  EXPECT_EQ(voxel(v, 0, 50, 60, 2), 177.0f);
  EXPECT_EQ(total(v.data), 14725708.0);
}

TEST(VolumeReaderReal, ReadsNrrdHeadersWithRotatedSpaceDirections) {
  // Both NRRD headers: sizes 221 257, unsigned char; the second has space directions
  // (0.866025,0.5) (-0.5,0.866025): axis 0 at +30 degrees, spacing |(0.866025, 0.5)| = 0.99999965.
  // Both .raw files sum to 4861905 and hold 203 at (110, 128).
  const double c = std::cos(M_PI / 6), s = 0.5;
  for (const std::string name : {"BrainProtonDensitySliceBorder20.nhdr",
                                 "BrainProtonDensitySliceBorder20DirectionPlus30.nhdr"}) {
    const fs::path path = ves_test::real_data(kItkData + name);
    VES_REQUIRE_REAL_DATA(path);
    const Volume v = VolumeReader().read(path);
    EXPECT_EQ(v.data.sizes(), (std::vector<int64_t>{1, 1, 257, 221})) << name;
    if (name.find("Plus30") != std::string::npos) {
      expect_geometry(v.geometry, {0.99999965, 0.99999965, 1}, {0, 0, 0},
                      {c, -s, 0, s, c, 0, 0, 0, 1}, 1e-6);
    } else {
      expect_geometry(v.geometry, {1, 1, 1}, {0, 0, 0}, {1, 0, 0, 0, 1, 0, 0, 0, 1});
    }
    EXPECT_EQ(voxel(v, 0, 110, 128, 0), 203.0f) << name;
    EXPECT_EQ(total(v.data), 4861905.0) << name;
  }
}

TEST(VolumeReaderReal, ReadsCompressedMetaImageWithATransformMatrix) {
  const fs::path path =
      ves_test::real_data(kItkData + "BrainProtonDensitySliceBorder20DirectionPlus30.mhd");
  VES_REQUIRE_REAL_DATA(path);
  // CompressedData = True, ElementDataFile = BrainProtonDensitySliceBorder20.zraw,
  // TransformMatrix = 0.8660254 0.5 -0.5 0.8660254 (axis vectors, like the NRRD above).
  const Volume v = VolumeReader().read(path);
  EXPECT_EQ(v.data.sizes(), (std::vector<int64_t>{1, 1, 257, 221}));
  const double c = std::cos(M_PI / 6), s = 0.5;
  expect_geometry(v.geometry, {1, 1, 1}, {0, 0, 0}, {c, -s, 0, s, c, 0, 0, 0, 1}, 1e-6);
  EXPECT_EQ(total(v.data), 4861905.0);
}

TEST(VolumeReaderReal, ReadsCompressedLocalMetaImageData) {
  const fs::path path = ves_test::real_data(kItkData + "CorpusCallosumMeanShape.mha");
  VES_REQUIRE_REAL_DATA(path);
  // NDims 2, DimSize 58 31, MET_FLOAT, ElementSpacing 2 2, Offset -57.5 -30.5, CompressedData
  // True, LOCAL; python3 zlib + struct: sum 22673.1837, (29, 15) = 3.2582772, (10, 5) = 20.05035.
  const Volume v = VolumeReader().read(path);
  EXPECT_EQ(v.data.sizes(), (std::vector<int64_t>{1, 1, 31, 58}));
  expect_geometry(v.geometry, {2, 2, 1}, {-57.5, -30.5, 0}, {1, 0, 0, 0, 1, 0, 0, 0, 1});
  EXPECT_FLOAT_EQ(voxel(v, 0, 29, 15, 0), 3.258277177810669f);
  EXPECT_FLOAT_EQ(voxel(v, 0, 10, 5, 0), 20.050350189208984f);
  EXPECT_NEAR(total(v.data), 22673.1837, 1e-2);
}

TEST(VolumeReaderReal, NiftiWrittenBackKeepsGeometryAndVoxels) {
  const fs::path path = ves_test::real_data(kItkData + "KmeansTest_T1UCharRaw.nii.gz");
  VES_REQUIRE_REAL_DATA(path);
  test::TempFolder folder;
  const Volume read = VolumeReader().read(path);
  ItkImageWriter().write(read, folder / "copy.nii.gz");
  const Volume again = VolumeReader().read(folder / "copy.nii.gz");
  EXPECT_TRUE(again.geometry.approx_equal(read.geometry, 1e-6))
      << again.geometry.describe() << " vs " << read.geometry.describe();
  EXPECT_TRUE(at::equal(again.data, read.data));
}

TEST(VolumeReaderReal, ATruncatedFileIsADataErrorNamingIt) {
  const fs::path path = ves_test::real_data("debian/usr/share/mricron/templates/ch2.nii.gz");
  VES_REQUIRE_REAL_DATA(path);
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  test::TempFolder folder;
  const fs::path half = folder / "half.nii.gz";
  test::write_file(half, bytes.substr(0, bytes.size() / 2));
  const std::string message = message_of([&] { VolumeReader().read(half); });
  EXPECT_EQ(message.rfind("cannot read " + half.string() + ": ", 0), 0u) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

TEST(VolumeReader, TruncatedNrrdAndMetaImageFilesAreDataErrorsNamingThem) {
  test::TempFolder folder;
  for (const std::string name : {"v.mha", "v.nrrd", "z.mha", "z.nrrd"}) {
    ItkImageWriter(WriteOptions{name[0] == 'z', PixelType::Float32})
        .write(test::coded_volume(40, 30, 20), folder / name);
    const std::string bytes = [&] {
      std::ifstream in(folder / name, std::ios::binary);
      return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    }();
    test::write_file(folder / ("cut_" + name), bytes.substr(0, bytes.size() - 1000));
    const std::string message = message_of([&] { VolumeReader().read(folder / ("cut_" + name)); });
    EXPECT_EQ(message.rfind("cannot read " + (folder / ("cut_" + name)).string() + ": ", 0), 0u)
        << message;
  }
}

TEST(VolumeReader, AMissingFileIsADataErrorNamingIt) {
  const std::string message = message_of([] { VolumeReader().read("/no/such/case.nii.gz"); });
  EXPECT_EQ(message, "cannot read /no/such/case.nii.gz: no such file or folder");
}

TEST(VolumeReader, AnUnknownFormatIsADataErrorListingTheKnownOnes) {
  test::TempFolder folder;
  test::write_file(folder / "notes.txt", "hello");
  const std::string message = message_of([&] { VolumeReader().read(folder / "notes.txt"); });
  EXPECT_NE(message.find("unknown image format"), std::string::npos) << message;
  EXPECT_NE(message.find(".nii.gz"), std::string::npos) << message;
}

TEST(VolumeReader, NanVoxelsAreADataErrorNamingTheFileAndTheirCount) {
  test::TempFolder folder;
  Volume volume = test::coded_volume(4, 3, 2);
  volume.data[0][1][2][3] = std::numeric_limits<float>::quiet_NaN();
  volume.data[0][0][0][0] = std::numeric_limits<float>::infinity();
  volume.data[0][0][1][0] = std::numeric_limits<float>::quiet_NaN();
  for (const std::string name : {"nan.nii.gz", "nan.nrrd", "nan.mha"}) {
    const fs::path path = folder / name;
    ItkImageWriter(WriteOptions{true, PixelType::Float32}).write(volume, path);
    const std::string message = message_of([&] { VolumeReader().read(path); });
    EXPECT_EQ(message, path.string() + ": 3 of 24 voxels are NaN or infinite");
  }
}

TEST(VolumeReader, VectorImagesBecomeChannels) {
  test::TempFolder folder;
  Geometry geometry;
  geometry.spacing = {0.5, 1.5, 2.5};
  geometry.origin = {1, 2, 3};
  Volume volume = test::coded_volume(4, 3, 2, geometry);
  volume.data = at::cat({volume.data, volume.data + 1000, volume.data + 2000}, 0);
  for (const std::string name : {"rgb.nii.gz", "rgb.nrrd", "rgb.mha"}) {
    ItkImageWriter(WriteOptions{true, PixelType::Float32}).write(volume, folder / name);
    const Volume read = VolumeReader().read(folder / name);
    EXPECT_TRUE(at::equal(read.data, volume.data)) << name;
    EXPECT_TRUE(read.geometry.approx_equal(geometry, 1e-6)) << name;
  }
}

}  // namespace
}  // namespace ves::io_itk
