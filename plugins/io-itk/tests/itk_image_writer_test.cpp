#include "itk_image_writer.hpp"

#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <itkImageFileReader.h>
#include <itkImageIOFactory.h>
#include <itkVectorImage.h>

#include <fstream>
#include <random>
#include <stdexcept>

#include "itk_io.hpp"
#include "ves/core/error.hpp"
#include "ves/core/itk_bridge.hpp"

namespace ves::io_itk {
namespace {
namespace fs = std::filesystem;

// Anisotropic spacing, an oblique rotation and an off-centre origin.
Geometry oblique_geometry() {
  Geometry g;
  g.spacing = {0.7, 1.3, 3.1};
  g.origin = {-12.5, 40.0, 7.0};
  const double c = std::cos(M_PI / 6), s = std::sin(M_PI / 6);
  g.direction = {c, -s, 0, s * c, c * c, -s, s * s, s * c, c};  // Rz(30) then Rx(30)
  return g;
}

class ItkImageWriterOptions : public ::testing::Test {
 protected:
  void SetUp() override {
    register_itk_io_factories();
    folder_ = fs::temp_directory_path() / ("ves_io_itk_" + std::to_string(std::random_device()()));
    fs::create_directories(folder_);
  }
  void TearDown() override { fs::remove_all(folder_); }

  // The ImageIO that reads `path`, found through the factories that
  // register_itk_io_factories() registered, as a reader would find it.
  static itk::ImageIOBase::Pointer io_for(const fs::path& path) {
    auto io = itk::ImageIOFactory::CreateImageIO(path.string().c_str(),
                                                 itk::ImageIOFactory::IOFileModeEnum::ReadMode);
    if (!io) throw std::runtime_error("no registered ITK ImageIO reads " + path.string());
    return io;
  }
  // The file's pixel type as stored.
  static itk::IOComponentEnum stored_type(const fs::path& path) {
    auto io = io_for(path);
    io->SetFileName(path.string());
    io->ReadImageInformation();
    return io->GetComponentType();
  }
  // Any file as [C, Z, Y, X] float32 (ITK converts the pixel type).
  static Volume read_back(const fs::path& path, itk::ImageIOBase::Pointer io = nullptr) {
    auto reader = itk::ImageFileReader<ItkVectorImage3f>::New();
    reader->SetImageIO(io ? io : io_for(path));
    reader->SetFileName(path.string());
    reader->Update();
    return volume_from_itk(reader->GetOutput());
  }
  size_t entries() const {
    return static_cast<size_t>(std::distance(fs::directory_iterator(folder_), {}));
  }

  fs::path folder_;
};

class ItkImageWriterFormats : public ItkImageWriterOptions,
                              public ::testing::WithParamInterface<std::string> {};

TEST_P(ItkImageWriterFormats, WritesTwoChannelsAsAVectorImageKeepingGeometryAndValues) {
  const Volume volume{at::rand({2, 4, 5, 6}) * 100 - 50, oblique_geometry()};
  const fs::path path = folder_ / ("two" + GetParam());
  ItkImageWriter().write(volume, path);
  EXPECT_EQ(stored_type(path), itk::IOComponentEnum::FLOAT);
  const Volume back = read_back(path);
  EXPECT_TRUE(back.geometry.approx_equal(volume.geometry, 1e-5)) << back.geometry.describe();
  ASSERT_EQ(back.data.sizes(), volume.data.sizes());
  EXPECT_TRUE(at::equal(back.data, volume.data));
}

TEST_P(ItkImageWriterFormats, WritesOneChannelAsAScalarImageKeepingGeometryAndValues) {
  const Volume volume{at::randn({1, 3, 4, 5}), oblique_geometry()};
  const fs::path path = folder_ / ("one" + GetParam());
  ItkImageWriter().write(volume, path);
  auto reader = itk::ImageFileReader<ItkImage3f>::New();
  reader->SetFileName(path.string());
  reader->Update();
  EXPECT_EQ(reader->GetImageIO()->GetNumberOfComponents(), 1u);
  const Volume back = volume_from_itk(reader->GetOutput());
  EXPECT_TRUE(back.geometry.approx_equal(volume.geometry, 1e-5)) << back.geometry.describe();
  EXPECT_TRUE(at::equal(back.data, volume.data));
  EXPECT_EQ(back.data[0][2][3][4].item<float>(), volume.data[0][2][3][4].item<float>());
}

TEST_P(ItkImageWriterFormats, LeavesOnlyTheFinishedFilesBehind) {
  const fs::path path = folder_ / ("case" + GetParam());
  ItkImageWriter().write(Volume{at::zeros({1, 2, 2, 2}), {}}, path);
  ItkImageWriter().write(Volume{at::ones({1, 2, 2, 2}), {}}, path);  // replaces
  EXPECT_TRUE(fs::exists(path));
  EXPECT_EQ(entries(), has_separate_data_file(GetParam()) ? 2u : 1u);
  EXPECT_EQ(read_back(path).data.sum().item<float>(), 8.0f);
}

INSTANTIATE_TEST_SUITE_P(EveryFormat, ItkImageWriterFormats,
                         ::testing::Values(".nii.gz", ".nii", ".nrrd", ".nhdr", ".mha", ".mhd"),
                         [](const auto& param_info) {
                           const std::string name = param_info.param.substr(1);
                           return name == "nii.gz" ? std::string("nii_gz") : name;
                         });

TEST_F(ItkImageWriterOptions, WritesAMaskAsUint8WhenDtypeIsAuto) {
  const fs::path path = folder_ / "mask.nii.gz";
  const Volume mask{(at::rand({1, 4, 4, 4}) > 0.5).to(at::kFloat) * 3, oblique_geometry()};
  ItkImageWriter().write(mask, path);
  EXPECT_EQ(stored_type(path), itk::IOComponentEnum::UCHAR);
  EXPECT_TRUE(at::equal(read_back(path).data, mask.data));
}

TEST_F(ItkImageWriterOptions, KeepsFloat32ForNonIntegerOrOutOfRangeValuesWhenDtypeIsAuto) {
  ItkImageWriter().write(Volume{at::full({1, 2, 2, 2}, 0.5), {}}, folder_ / "half.nii.gz");
  EXPECT_EQ(stored_type(folder_ / "half.nii.gz"), itk::IOComponentEnum::FLOAT);
  ItkImageWriter().write(Volume{at::full({1, 2, 2, 2}, 256.0), {}}, folder_ / "big.nii.gz");
  EXPECT_EQ(stored_type(folder_ / "big.nii.gz"), itk::IOComponentEnum::FLOAT);
  ItkImageWriter().write(Volume{at::full({1, 2, 2, 2}, -1.0), {}}, folder_ / "neg.nii.gz");
  EXPECT_EQ(stored_type(folder_ / "neg.nii.gz"), itk::IOComponentEnum::FLOAT);
}

TEST_F(ItkImageWriterOptions, RoundsToTheRequestedIntegerType) {
  const fs::path path = folder_ / "labels.nrrd";
  Volume labels{at::tensor({-3.2f, 0.6f, 1000.0f, 2.0f}).reshape({1, 1, 2, 2}), {}};
  ItkImageWriter({true, PixelType::Int16}).write(labels, path);
  EXPECT_EQ(stored_type(path), itk::IOComponentEnum::SHORT);
  const Volume back = read_back(path);
  EXPECT_EQ(back.data.flatten()[0].item<float>(), -3.0f);
  EXPECT_EQ(back.data.flatten()[1].item<float>(), 1.0f);
  EXPECT_EQ(back.data.flatten()[2].item<float>(), 1000.0f);
}

TEST_F(ItkImageWriterOptions, RefusesValuesOutsideTheRequestedType) {
  const fs::path path = folder_ / "labels.nii.gz";
  try {
    ItkImageWriter({true, PixelType::UInt8}).write(Volume{at::full({1, 2, 2, 2}, 300.0), {}}, path);
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("cannot write " + path.string() + ": values span", 0), 0u)
        << e.what();
  }
  EXPECT_EQ(entries(), 0u);
}

TEST_F(ItkImageWriterOptions, LetsTheNiftiExtensionDecideCompression) {
  const auto gzipped = [](const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    unsigned char magic[2] = {0, 0};
    in.read(reinterpret_cast<char*>(magic), 2);
    return magic[0] == 0x1f && magic[1] == 0x8b;
  };
  const Volume volume{at::rand({1, 8, 8, 8}), {}};
  ItkImageWriter({false, PixelType::Auto}).write(volume, folder_ / "a.nii.gz");
  ItkImageWriter({true, PixelType::Auto}).write(volume, folder_ / "b.nii");
  EXPECT_TRUE(gzipped(folder_ / "a.nii.gz"));
  EXPECT_FALSE(gzipped(folder_ / "b.nii"));
}

TEST_F(ItkImageWriterOptions, CompressesNrrdOnlyWhenAsked) {
  const Volume volume{at::zeros({1, 32, 32, 32}), {}};
  ItkImageWriter({true, PixelType::Float32}).write(volume, folder_ / "small.nrrd");
  ItkImageWriter({false, PixelType::Float32}).write(volume, folder_ / "large.nrrd");
  EXPECT_LT(fs::file_size(folder_ / "small.nrrd") * 10, fs::file_size(folder_ / "large.nrrd"));
}

TEST_F(ItkImageWriterOptions, NamesTheKnownExtensionsForAnUnknownOne) {
  try {
    ItkImageWriter().write(Volume{at::zeros({1, 2, 2, 2}), {}}, "x.png");
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_STREQ(e.what(),
                 "cannot write x.png: unknown extension; the itk writer writes .nii.gz, .nii, "
                 ".nrrd, .nhdr, .mha, .mhd");
  }
}

TEST_F(ItkImageWriterOptions, MatchesExtensionsWhateverTheirCase) {
  for (const char* name : {"Case.NII.GZ", "Case.MHD"}) {
    const fs::path path = folder_ / name;
    ItkImageWriter().write(Volume{at::full({1, 2, 2, 2}, 0.5), {}}, path);
    EXPECT_TRUE(fs::exists(path)) << name;
  }
  EXPECT_EQ(read_back(folder_ / "Case.MHD", image_io_for(".mhd")).data.sum().item<float>(), 4.0f);
  EXPECT_EQ(entries(), 3u);  // Case.NII.GZ, Case.MHD, Case.raw or Case.zraw
}

TEST_F(ItkImageWriterOptions, WritesASliceAsAOneVoxelThickImage) {
  const fs::path path = folder_ / "slice.mha";
  const Volume slice{at::rand({1, 3, 4}), oblique_geometry()};
  ItkImageWriter().write(slice, path);
  const Volume back = read_back(path);
  EXPECT_EQ(back.data.sizes(), (std::vector<int64_t>{1, 1, 3, 4}));
  EXPECT_TRUE(at::equal(back.data[0][0], slice.data[0]));
}

TEST_F(ItkImageWriterOptions, NamesThePathWhenTheFolderCannotBeMade) {
  std::ofstream(folder_ / "file") << "not a folder";
  const fs::path path = folder_ / "file" / "x.nii.gz";
  try {
    ItkImageWriter().write(Volume{at::zeros({1, 2, 2, 2}), {}}, path);
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("cannot write " + path.string() + ": ", 0), 0u)
        << e.what();
  }
}

TEST_F(ItkImageWriterOptions, PassesOnItksReasonInOneLine) {
  const fs::path path = folder_ / "x.nrrd";
  fs::create_directories(path);  // a folder where the file should go: the rename fails
  try {
    ItkImageWriter().write(Volume{at::zeros({1, 2, 2, 2}), {}}, path);
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.rfind("cannot write " + path.string() + ": ", 0), 0u) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    EXPECT_EQ(message.find("(0x"), std::string::npos) << message;
  }
  EXPECT_EQ(entries(), 1u);  // no temporary left beside it
}

TEST_F(ItkImageWriterOptions, RefusesAVolumeWithoutVoxels) {
  EXPECT_THROW(ItkImageWriter().write(Volume(), folder_ / "x.nii"), DataError);
  EXPECT_THROW(ItkImageWriter().write(Volume{at::zeros({4}), {}}, folder_ / "x.nii"), DataError);
}

TEST(PixelTypeNames, ParseEveryChoice) {
  EXPECT_EQ(parse_pixel_type("auto"), PixelType::Auto);
  EXPECT_EQ(parse_pixel_type("uint8"), PixelType::UInt8);
  EXPECT_EQ(parse_pixel_type("int32"), PixelType::Int32);
  EXPECT_THROW(parse_pixel_type("float64"), Error);
}

}  // namespace
}  // namespace ves::io_itk
