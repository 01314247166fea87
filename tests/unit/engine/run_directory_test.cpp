#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "ves/core/error.hpp"
#include "ves/engine/run_directory.hpp"

namespace fs = std::filesystem;

namespace {
fs::path fresh(const std::string& name) {
  auto d = fs::temp_directory_path() / ("ves_rundir_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  return d;
}
}  // namespace

TEST(RunDirectory, RefusesAFinishedRunUnlessForced) {
  const auto root = fresh("finished");
  auto run = ves::RunDirectory::open(root, "exp", false);
  run.write_text("a.txt", "x");
  run.mark_finished();
  try {
    ves::RunDirectory::open(root, "exp", false);
    FAIL() << "expected a refusal";
  } catch (const ves::UsageError& e) {
    EXPECT_EQ(std::string(e.what()),
              "run " + (root / "exp").string() +
                  " already finished; pass --force to overwrite it or choose another --name");
  }
  auto again = ves::RunDirectory::open(root, "exp", true);
  EXPECT_FALSE(fs::exists(again.path() / "a.txt"));  // forced: started over
  EXPECT_FALSE(again.finished());
}

TEST(RunDirectory, ReusesAnUnfinishedRunAsResumed) {
  const auto root = fresh("unfinished");
  ves::RunDirectory::open(root, "exp", false).write_text("keep.txt", "1");
  auto again = ves::RunDirectory::open(root, "exp", false);
  EXPECT_TRUE(again.resumed());
  EXPECT_TRUE(fs::exists(again.path() / "keep.txt"));
}

TEST(RunDirectory, RefusesAFolderThatIsNotARun) {
  const auto root = fresh("foreign");
  fs::create_directories(root / "photos");
  EXPECT_THROW(ves::RunDirectory::open(root, "photos", false), ves::UsageError);
  EXPECT_THROW(ves::RunDirectory::open(root, "../escape", false), ves::UsageError);
}

TEST(WriteFileAtomic, LeavesNoTemporaryFileBehind) {
  const auto root = fresh("atomic");
  ves::write_file_atomic(root / "sub" / "f.txt", "hello");
  std::ifstream in(root / "sub" / "f.txt");
  std::string text;
  std::getline(in, text);
  EXPECT_EQ(text, "hello");
  int files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(root / "sub")) ++files;
  EXPECT_EQ(files, 1);
}
