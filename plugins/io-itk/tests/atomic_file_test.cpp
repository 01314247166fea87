#include "atomic_file.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <stdexcept>

namespace ves::io_itk {
namespace {
namespace fs = std::filesystem;

class AtomicFile : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() / ("ves_atomic_" + std::to_string(std::random_device()()));
    fs::create_directories(folder_);
  }
  void TearDown() override { fs::remove_all(folder_); }

  static void put(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }
  static std::string get(const fs::path& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  size_t entries() const {
    return static_cast<size_t>(std::distance(fs::directory_iterator(folder_), {}));
  }

  fs::path folder_;
};

TEST_F(AtomicFile, WritesBesideTheTargetUnderAHiddenNameThenRenames) {
  const fs::path target = folder_ / "case1.nii.gz";
  fs::path used;
  write_atomically(target, ".nii.gz", false, [&](const fs::path& temporary) {
    used = temporary;
    put(temporary, "new");
  });
  EXPECT_EQ(used.parent_path(), folder_);
  EXPECT_EQ(used.filename().string().rfind(".case1.tmp", 0), 0u) << used;
  EXPECT_EQ(used.filename().string().substr(used.filename().string().size() - 7), ".nii.gz");
  EXPECT_EQ(get(target), "new");
  EXPECT_EQ(entries(), 1u);
}

TEST_F(AtomicFile, KeepsTheOldFileAndLeavesNothingBehindWhenWritingFails) {
  const fs::path target = folder_ / "case1.nrrd";
  put(target, "old");
  EXPECT_THROW(write_atomically(target, ".nrrd", false,
                                [&](const fs::path& temporary) {
                                  put(temporary, "half");
                                  throw std::runtime_error("disk full");
                                }),
               std::runtime_error);
  EXPECT_EQ(get(target), "old");
  EXPECT_EQ(entries(), 1u);
}

TEST_F(AtomicFile, MovesSeparateDataFilesBesideTheirHeader) {
  const fs::path target = folder_ / "sub" / "case1.mhd";
  write_atomically(target, ".mhd", true, [&](const fs::path& temporary) {
    EXPECT_EQ(temporary.filename(), "case1.mhd");
    put(temporary, "ElementDataFile = case1.raw");
    put(temporary.parent_path() / "case1.raw", "voxels");
  });
  EXPECT_EQ(get(target), "ElementDataFile = case1.raw");
  EXPECT_EQ(get(folder_ / "sub" / "case1.raw"), "voxels");
  EXPECT_EQ(static_cast<size_t>(std::distance(fs::directory_iterator(folder_ / "sub"), {})), 2u);
}

}  // namespace
}  // namespace ves::io_itk
