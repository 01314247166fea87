// load_file and include: composing pipeline files from other files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "ves/config/config_error.hpp"
#include "ves/config/loader.hpp"

namespace fs = std::filesystem;

namespace ves::config {
namespace {

// Each test writes its files into a fresh folder of its own under the system temp folder.
class IncludeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    // The process id keeps parallel runs of the suite apart.
    dir_ = fs::temp_directory_path() / ("ves_config_tests_" + std::to_string(::getpid())) /
           info->name();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_.parent_path()); }

  fs::path write(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path;
  }

  fs::path dir_;
};

TEST_F(IncludeTest, LoadsAPlainFileWithItsPathInLocations) {
  const fs::path file = write("plain.yaml", "a: 1\nb:\n  c: x\n");
  const Node root = load_file(file);
  EXPECT_EQ(root.at("b").at("c").text(), "x");
  EXPECT_EQ(root.at("b").at("c").where().str(), file.string() + ":3:6");
}

TEST_F(IncludeTest, MissingTopFileIsAConfigErrorNamingIt) {
  const fs::path file = dir_ / "nope.yaml";
  try {
    load_file(file);
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), file.string() + ": no such file");
  }
}

TEST_F(IncludeTest, IncludingFileWinsOverIncludedFile) {
  write("base.yaml", "train:\n  epochs: 10\n  batch: 2\nseed: 1\n");
  const fs::path top = write("top.yaml", "include: base.yaml\ntrain:\n  epochs: 300\n");
  const Node root = load_file(top);
  EXPECT_EQ(root.at("train").at("epochs").text(), "300");
  EXPECT_EQ(root.at("train").at("batch").text(), "2");
  EXPECT_EQ(root.at("seed").text(), "1");
  EXPECT_FALSE(root.has("include"));
}

TEST_F(IncludeTest, KeepsLocationsInTheFileThatWroteEachValue) {
  const fs::path base = write("base.yaml", "train:\n  epochs: 10\n  batch: 2\n");
  const fs::path top = write("top.yaml", "include: base.yaml\ntrain:\n  epochs: 300\n");
  const Node root = load_file(top);
  EXPECT_EQ(root.at("train").at("epochs").where().str(), top.string() + ":3:11");
  EXPECT_EQ(root.at("train").at("batch").where().str(), base.string() + ":3:10");
  EXPECT_EQ(root.at("train").key_where("batch").str(), base.string() + ":3:3");
}

TEST_F(IncludeTest, IncludesAListInOrderLaterWinning) {
  write("one.yaml", "a: 1\nb: 1\n");
  write("two.yaml", "b: 2\nc: 2\n");
  const fs::path top = write("top.yaml", "include: [one.yaml, two.yaml]\nc: 3\n");
  const Node root = load_file(top);
  EXPECT_EQ(root.at("a").text(), "1");
  EXPECT_EQ(root.at("b").text(), "2");
  EXPECT_EQ(root.at("c").text(), "3");
  EXPECT_EQ(root.keys(), (std::vector<std::string>{"a", "b", "c"}));
}

TEST_F(IncludeTest, ResolvesPathsRelativeToTheIncludingFile) {
  write("common/model.yaml", "include: ../shared/defaults.yaml\nmodel: unet3d\n");
  write("shared/defaults.yaml", "seed: 42\n");
  const fs::path top = write("exp/run.yaml", "include: ../common/model.yaml\n");
  const Node root = load_file(top);
  EXPECT_EQ(root.at("model").text(), "unet3d");
  EXPECT_EQ(root.at("seed").text(), "42");
}

TEST_F(IncludeTest, AcceptsAnAbsoluteIncludePath) {
  const fs::path base = write("abs/base.yaml", "x: 5\n");
  const fs::path top = write("top.yaml", "include: " + base.string() + "\n");
  EXPECT_EQ(load_file(top).at("x").text(), "5");
}

TEST_F(IncludeTest, MissingIncludeNamesWhatWasWrittenAndWhereItResolved) {
  const fs::path top = write("top.yaml", "seed: 1\ninclude: missing.yaml\n");
  try {
    load_file(top);
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), top.string() +
                                         ":2:10: include: cannot read 'missing.yaml' "
                                         "(resolved to " +
                                         (fs::canonical(dir_) / "missing.yaml").string() + ")");
  }
}

TEST_F(IncludeTest, DetectsACycleAndNamesTheChain) {
  const fs::path a = write("a.yaml", "include: b.yaml\nx: 1\n");
  const fs::path b = write("b.yaml", "include: a.yaml\ny: 2\n");
  try {
    load_file(a);
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()),
              b.string() + ":1:10: include: cycle a.yaml -> b.yaml -> a.yaml");
  }
}

TEST_F(IncludeTest, DetectsAFileIncludingItself) {
  const fs::path a = write("self.yaml", "include: [./self.yaml]\n");
  try {
    load_file(a);
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.problem(), "cycle self.yaml -> self.yaml");
  }
}

TEST_F(IncludeTest, AllowsTheSameFileIncludedTwiceWithoutACycle) {
  write("d.yaml", "d: 1\n");
  write("b.yaml", "include: d.yaml\nb: 1\n");
  write("c.yaml", "include: d.yaml\nc: 1\n");
  const fs::path top = write("top.yaml", "include: [b.yaml, c.yaml]\n");
  const Node root = load_file(top);
  EXPECT_EQ(root.keys(), (std::vector<std::string>{"d", "b", "c"}));
}

TEST_F(IncludeTest, RejectsAnIncludedFileThatIsNotAMap) {
  write("list.yaml", "- 1\n- 2\n");
  const fs::path top = write("top.yaml", "include: list.yaml\n");
  try {
    load_file(top);
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.problem(), "'list.yaml' must hold a map of keys, not a list");
  }
}

TEST_F(IncludeTest, AnEmptyIncludedFileAddsNothing) {
  write("empty.yaml", "");
  const fs::path top = write("top.yaml", "include: empty.yaml\na: 1\n");
  EXPECT_EQ(load_file(top).keys(), (std::vector<std::string>{"a"}));
}

TEST_F(IncludeTest, RejectsAMapAsIncludeValue) {
  const fs::path top = write("top.yaml", "include: {a: 1}\n");
  try {
    load_file(top);
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.problem(), "expected a file name or a list of file names, got a map");
  }
}

TEST_F(IncludeTest, ReportsSyntaxErrorsInsideTheIncludedFile) {
  const fs::path bad = write("bad.yaml", "a: [1\n");
  const fs::path top = write("top.yaml", "include: bad.yaml\n");
  try {
    load_file(top);
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.where().file, bad.string());
  }
}

}  // namespace
}  // namespace ves::config
