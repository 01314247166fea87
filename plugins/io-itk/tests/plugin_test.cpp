// The built plugin through the loader, as vhost uses it: YAML -> registry -> Writer.
#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <itkImageIOBase.h>

#include <random>

#include "itk_io.hpp"
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

}  // namespace
