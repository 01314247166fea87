// NIfTI voxel and header reading: geometry cross-checked against ITK's reader on every real
// NIfTI-1 file and on hand-made headers (qform-only, scaled, RGB), truncation and corruption.
#include "nifti_file.hpp"

#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <itkImageFileReader.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>

#include "itk_io.hpp"
#include "test_folder.hpp"
#include "ves/core/error.hpp"
#include "ves/core/itk_bridge.hpp"
#include "ves_test/real_data.hpp"
#include "volume_reader.hpp"

namespace ves::io_itk {
namespace {
namespace fs = std::filesystem;

Geometry itk_geometry(const fs::path& path) {
  auto reader = itk::ImageFileReader<ItkImage3f>::New();
  reader->SetImageIO(image_io_for(".nii"));
  reader->SetFileName(path.string());
  reader->UpdateOutputInformation();
  return geometry_of(*reader->GetOutput());
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

std::string file_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

template <class T>
void put(std::string& bytes, size_t offset, T value) {
  std::memcpy(&bytes[offset], &value, sizeof(T));
}

// A little-endian single-file NIfTI-1 header (352 bytes with the empty extension flag).
struct Nifti1 {
  std::array<int16_t, 8> dim{3, 1, 1, 1, 1, 1, 1, 1};
  int16_t datatype = 4, bitpix = 16;
  std::array<float, 8> pixdim{1, 1, 1, 1, 0, 0, 0, 0};
  float slope = 0, inter = 0;
  int16_t qform_code = 0, sform_code = 0;
  std::array<float, 6> quatern{};
  std::array<float, 12> srow{};

  std::string header() const {
    std::string h(352, '\0');
    put<int32_t>(h, 0, 348);
    for (size_t i = 0; i < 8; ++i) put<int16_t>(h, 40 + 2 * i, dim[i]);
    put<int16_t>(h, 70, datatype);
    put<int16_t>(h, 72, bitpix);
    for (size_t i = 0; i < 8; ++i) put<float>(h, 76 + 4 * i, pixdim[i]);
    put<float>(h, 108, 352.0f);
    put<float>(h, 112, slope);
    put<float>(h, 116, inter);
    put<int16_t>(h, 252, qform_code);
    put<int16_t>(h, 254, sform_code);
    for (size_t i = 0; i < 6; ++i) put<float>(h, 256 + 4 * i, quatern[i]);
    for (size_t i = 0; i < 12; ++i) put<float>(h, 280 + 4 * i, srow[i]);
    std::memcpy(&h[344], "n+1\0", 4);
    return h;
  }
};

// 3-D files only: ITK 5.2 reading a 4-D NIfTI into a 3-D image drops its rotation (identity
// direction for example4d.nii.gz), where nibabel and newer ITK keep the sform's.
TEST(NiftiGeometry, AgreesWithItkOnEveryReal3dNifti1File) {
  const std::vector<std::string> files{
      "debian/usr/share/mricron/templates/ch2.nii.gz",
      "debian/usr/share/mricron/templates/ch2bet.nii.gz",
      "debian/usr/share/mricron/templates/aal.nii.gz",
      "debian/usr/share/mricron/templates/inia19-t1-brain.nii.gz",
      "debian/usr/share/mricron/templates/JHU-WhiteMatter-labels-1mm.nii.gz",
      "debian/usr/share/mricron/templates/natbrainlab.nii.gz",
      "debian/usr/lib/python3/dist-packages/nibabel/tests/data/anatomical.nii",
      "debian/usr/share/doc/insighttoolkit5-examples/examples/Data/"
      "KmeansTest_T1UCharRaw.nii.gz",
      "debian/usr/share/doc/insighttoolkit5-examples/examples/Data/"
      "KmeansTest_T1KmeansPrelimSegmentation.nii.gz"};
  for (const std::string& name : files) {
    const fs::path path = ves_test::real_data(name);
    VES_REQUIRE_REAL_DATA(path);
    const NiftiHeader header = read_nifti_header(path);
    EXPECT_EQ(header.version, 1) << name;
    const Geometry ours = nifti_geometry(header);
    const Geometry itk = itk_geometry(path);
    EXPECT_TRUE(ours.approx_equal(itk, 1e-5))
        << name << ": " << ours.describe() << " vs ITK " << itk.describe();
  }
}

TEST(NiftiGeometry, ReadsTheNifti2Header) {
  const fs::path path = ves_test::real_data(
      "debian/usr/lib/python3/dist-packages/nibabel/tests/data/example_nifti2.nii.gz");
  VES_REQUIRE_REAL_DATA(path);
  // sizeof_hdr 540, dim (4, 32, 20, 12, 2), datatype 4 (int16), vox_offset 608 (python struct).
  const NiftiHeader header = read_nifti_header(path);
  EXPECT_EQ(header.version, 2);
  EXPECT_EQ(header.size_text(), "32x20x12x2");
  EXPECT_EQ(header.datatype, 4);
  EXPECT_EQ(header.vox_offset, 608);
  EXPECT_EQ(header.sform_code, 1);
}

TEST(NiftiFile, QformOnlyHeadersWithFlippedZMatchItk) {
  test::TempFolder folder;
  Nifti1 n;
  n.dim = {3, 3, 2, 2, 1, 1, 1, 1};
  n.pixdim = {-1, 0.8f, 1.2f, 2.5f, 0, 0, 0, 0};  // qfac -1
  n.qform_code = 1;
  n.quatern = {0.1f, -0.2f, 0.3f, 12.5f, -40.0f, 7.25f};
  std::string data;
  for (int16_t v = 0; v < 12; ++v) data.append(reinterpret_cast<const char*>(&v), 2);
  const fs::path path = folder / "q.nii";
  test::write_file(path, n.header() + data);
  const Geometry ours = nifti_geometry(read_nifti_header(path));
  const Geometry itk = itk_geometry(path);
  EXPECT_TRUE(ours.approx_equal(itk, 1e-6)) << ours.describe() << " vs ITK " << itk.describe();
  for (int i = 0; i < 9; ++i) EXPECT_NEAR(ours.direction[i], itk.direction[i], 1e-6) << i;
  const Volume v = VolumeReader().read(path);
  EXPECT_EQ(v.data.sizes(), (std::vector<int64_t>{1, 2, 2, 3}));
  EXPECT_EQ(v.data[0][1][1][2].item<float>(), 11.0f);
}

TEST(NiftiFile, AppliesSclSlopeAndInterceptLikeItk) {
  test::TempFolder folder;
  Nifti1 n;
  n.dim = {3, 2, 1, 1, 1, 1, 1, 1};
  n.slope = 2.0f;
  n.inter = -1024.0f;
  const int16_t values[2] = {0, 1500};
  const fs::path path = folder / "ct.nii";
  test::write_file(path, n.header() + std::string(reinterpret_cast<const char*>(values), 4));
  const at::Tensor ours = read_nifti_voxels(path, read_nifti_header(path));
  EXPECT_EQ(ours[0][0][0][0].item<float>(), -1024.0f);
  EXPECT_EQ(ours[0][0][0][1].item<float>(), 1976.0f);
  auto reader = itk::ImageFileReader<ItkImage3f>::New();
  reader->SetImageIO(image_io_for(".nii"));
  reader->SetFileName(path.string());
  reader->Update();
  EXPECT_EQ(reader->GetOutput()->GetBufferPointer()[1], 1976.0f);
}

TEST(NiftiFile, RgbVoxelsBecomeChannels) {
  test::TempFolder folder;
  Nifti1 n;
  n.dim = {3, 2, 1, 1, 1, 1, 1, 1};
  n.datatype = 128;
  n.bitpix = 24;
  const fs::path path = folder / "rgb.nii";
  test::write_file(path, n.header() + std::string("\x01\x02\x03\x04\x05\x06", 6));
  const at::Tensor rgb = read_nifti_voxels(path, read_nifti_header(path));
  ASSERT_EQ(rgb.sizes(), (std::vector<int64_t>{3, 1, 1, 2}));
  EXPECT_EQ(rgb[1][0][0][1].item<float>(), 5.0f);  // green of the second voxel
}

TEST(NiftiFile, ATruncatedNifti2IsADataErrorNamingIt) {
  const fs::path path = ves_test::real_data(
      "debian/usr/lib/python3/dist-packages/nibabel/tests/data/example_nifti2.nii.gz");
  VES_REQUIRE_REAL_DATA(path);
  test::TempFolder folder;
  const std::string bytes = file_bytes(path);
  test::write_file(folder / "half.nii.gz", bytes.substr(0, bytes.size() / 2));
  ReadOptions options;
  options.time_as_channels = true;
  const std::string message =
      message_of([&] { VolumeReader(options).read(folder / "half.nii.gz"); });
  EXPECT_EQ(message.rfind("cannot read " + (folder / "half.nii.gz").string() + ": ", 0), 0u)
      << message;
  EXPECT_NE(message.find("truncated"), std::string::npos) << message;
}

TEST(NiftiFile, ATruncatedUncompressedNiftiIsADataErrorWithTheSizes) {
  const fs::path path =
      ves_test::real_data("debian/usr/lib/python3/dist-packages/nibabel/tests/data/anatomical.nii");
  VES_REQUIRE_REAL_DATA(path);
  test::TempFolder folder;
  // 33 x 41 x 25 int16 = 67650 bytes of voxels after vox_offset 352.
  test::write_file(folder / "cut.nii", file_bytes(path).substr(0, 352 + 1000));
  const std::string message = message_of([&] { VolumeReader().read(folder / "cut.nii"); });
  EXPECT_EQ(message, "cannot read " + (folder / "cut.nii").string() +
                         ": the file is truncated: its header (33x41x25, int16) announces 67650 "
                         "bytes of voxels, it holds 1000");
}

TEST(NiftiFile, ACorruptGzipStreamIsADataErrorNamingIt) {
  const fs::path path = ves_test::real_data("debian/usr/share/mricron/templates/ch2.nii.gz");
  VES_REQUIRE_REAL_DATA(path);
  test::TempFolder folder;
  std::string bytes = file_bytes(path);
  for (size_t i = bytes.size() / 2; i < bytes.size() / 2 + 64; ++i) bytes[i] = '\x5a';
  test::write_file(folder / "bad.nii.gz", bytes);
  const std::string message = message_of([&] { VolumeReader().read(folder / "bad.nii.gz"); });
  EXPECT_EQ(message.rfind("cannot read " + (folder / "bad.nii.gz").string() + ": ", 0), 0u)
      << message;
}

TEST(NiftiFile, AFileThatIsNotNiftiIsADataError) {
  test::TempFolder folder;
  test::write_file(folder / "x.nii", std::string(400, 'x'));
  const std::string message = message_of([&] { VolumeReader().read(folder / "x.nii"); });
  EXPECT_NE(message.find("not a NIfTI file"), std::string::npos) << message;
}

}  // namespace
}  // namespace ves::io_itk
