// The built plugin through the loader, as vhost uses it: YAML -> registry -> Writer.
#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <itkImageIOBase.h>

#include <algorithm>
#include <random>

#include "itk_image_writer.hpp"
#include "itk_io.hpp"
#include "test_folder.hpp"
#include "ves/api/reader.hpp"
#include "ves/api/writer.hpp"
#include "ves/config/loader.hpp"
#include "ves/plugin/loader.hpp"

namespace {
namespace fs = std::filesystem;

class IoItkPlugin : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto record =
        loader_.load_library(fs::path(VES_TEST_PLUGIN_DIR) / "libves-io-itk.so", registry_);
    ASSERT_TRUE(record.loaded) << record.problem;
    EXPECT_EQ(record.name, "io-itk");
    context_.registry = &registry_;
  }
  std::unique_ptr<ves::Reader> reader(const std::string& yaml) {
    return registry_.create<ves::Reader>(ves::config::parse_yaml(yaml, "test.yaml"), context_,
                                         "reader");
  }
  std::unique_ptr<ves::Writer> writer(const std::string& yaml) {
    return registry_.create<ves::Writer>(ves::config::parse_yaml(yaml, "test.yaml"), context_,
                                         "writer");
  }

  ves::Registry registry_;
  ves::PluginLoader loader_;
  ves::Context context_;
};

TEST_F(IoItkPlugin, RegistersTheItkWriterWithItsParameters) {
  const ves::ComponentInfo* info = registry_.find("writer", "itk");
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(info->plugin, "io-itk");
  EXPECT_EQ(info->schema.names(), (std::vector<std::string>{"compress", "dtype"}));
  EXPECT_EQ(writer("type: itk\n")->extensions().front(), ".nii.gz");
}

TEST_F(IoItkPlugin, BuildsAWriterThatHonoursDtypeFromYaml) {
  const fs::path path = fs::temp_directory_path() /
                        ("ves_io_itk_" + std::to_string(std::random_device()()) + ".nrrd");
  writer("type: itk\ndtype: int16\ncompress: false\n")
      ->write(ves::Volume{at::full({1, 2, 3, 4}, 7.0), {}}, path);
  auto io = ves::io_itk::image_io_for(".nrrd");
  io->SetFileName(path.string());
  io->ReadImageInformation();
  fs::remove(path);
  EXPECT_EQ(io->GetComponentType(), itk::IOComponentEnum::SHORT);
  EXPECT_EQ(io->GetDimensions(0), 4u);
}

TEST_F(IoItkPlugin, RejectsAnUnknownDtypeNamingTheKey) {
  try {
    writer("type: itk\ndtype: float64\n");
    FAIL() << "expected an error";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("test.yaml:2:"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("dtype"), std::string::npos) << e.what();
  }
}

TEST_F(IoItkPlugin, RegistersTheFilesAndImageReadersWithTheirParameters) {
  const ves::ComponentInfo* files = registry_.find("reader", "files");
  ASSERT_NE(files, nullptr);
  EXPECT_EQ(files->plugin, "io-itk");
  // The framework may append parameters common to every reader after these.
  auto first = [](const ves::ComponentInfo* info, size_t n) {
    auto names = info->schema.names();
    names.resize(std::min(n, names.size()));
    return names;
  };
  EXPECT_EQ(first(files, 14), (std::vector<std::string>{
                                  "table", "root", "pattern", "channels", "label", "case_column",
                                  "subject_column", "class_column", "series", "resample_to_first",
                                  "time_as_channels", "npy_axes", "spacing", "origin"}));
  const ves::ComponentInfo* image = registry_.find("reader", "image");
  ASSERT_NE(image, nullptr);
  EXPECT_EQ(first(image, 9),
            (std::vector<std::string>{"path", "label", "case_id", "series", "resample_to_first",
                                      "time_as_channels", "npy_axes", "spacing", "origin"}));
  EXPECT_FALSE(image->schema.find("path")->default_value.has_value());  // required
}

TEST_F(IoItkPlugin, BuildsAFilesReaderFromATableInYaml) {
  ves::io_itk::test::TempFolder folder;
  ves::io_itk::ItkImageWriter().write(ves::io_itk::test::coded_volume(4, 3, 2),
                                      folder / "a.nii.gz");
  ves::io_itk::test::write_file(folder / "cases.csv", "case,image,grade\nA1,a.nii.gz,2\n");
  auto files =
      reader("type: files\ntable: " + (folder / "cases.csv").string() + "\nclass_column: grade\n");
  const auto cases = files->cases();
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(cases[0].scalars.at("grade"), 2.0);
  const ves::Sample sample = files->load(cases[0]);
  EXPECT_EQ(sample.volume("image").data.sizes(), (std::vector<int64_t>{1, 2, 3, 4}));
  EXPECT_THROW(files->load(ves::CaseRef{"B2", "B2", {}, {}}), ves::DataError);
}

TEST_F(IoItkPlugin, BuildsAnImageReaderForOneFile) {
  ves::io_itk::test::TempFolder folder;
  ves::io_itk::ItkImageWriter().write(ves::io_itk::test::coded_volume(4, 3, 2),
                                      folder / "Case7.nii.gz");
  auto image = reader("type: image\npath: " + (folder / "Case7.nii.gz").string() + "\n");
  const auto cases = image->cases();
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(cases[0].case_id, "Case7");
  EXPECT_EQ(image->load(cases[0]).volume("image").data[0][1][2][3].item<float>(), 321.0f);
}

TEST_F(IoItkPlugin, ReaderParameterProblemsPointAtTheKey) {
  std::string message;
  try {
    reader("type: files\nroot: /tmp\npattern: \"vol_{patient.npy\"\n");
  } catch (const std::exception& e) {
    message = e.what();
  }
  EXPECT_NE(message.find("test.yaml:3:"), std::string::npos) << message;
  EXPECT_NE(message.find("is not closed"), std::string::npos) << message;
  message.clear();
  try {
    reader("type: files\nchannels: [t1]\n");
  } catch (const std::exception& e) {
    message = e.what();
  }
  EXPECT_NE(message.find("needs a case table or a pattern"), std::string::npos) << message;
}

}  // namespace
