// The plugin loader: good plugins load, bad ones are refused with the file named, the rest work.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "ves/api/transform.hpp"
#include "ves/plugin/loader.hpp"
#include "ves/version.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kBuildPlugins = fs::path(VES_BUILD_DIR) / "plugins";
const fs::path kFixtures = VES_FIXTURE_PLUGIN_DIR;

fs::path fixture(const std::string& name) {
  std::string file = name;
  for (auto& c : file)
    if (c == '-') c = '_';
  return kFixtures / file / ("libves-fixture-" + name + ".so");
}

fs::path fresh_folder(const std::string& name) {
  const auto dir =
      fs::temp_directory_path() / ("ves_loader_test_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST(PluginLoader, LoadsTheTemplatePluginFromTheBuildTree) {
  ves::Registry registry;
  ves::PluginLoader loader;
  loader.load_folders({kBuildPlugins}, registry);
  const auto* info = registry.find("transform", "template_scale");
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(info->plugin, "template");
  EXPECT_TRUE(contains(info->library, "libves-template.so"));
  bool found = false;
  for (const auto& r : loader.records())
    if (r.name == "template") {
      found = true;
      EXPECT_TRUE(r.loaded);
      EXPECT_EQ(r.version, "0.1.0");
      EXPECT_EQ(r.components, std::vector<std::string>{"transform/template_scale"});
    }
  EXPECT_TRUE(found);
}

TEST(PluginLoader, RefusesPluginBuiltForAnotherAbiVersion) {
  ves::Registry registry;
  ves::PluginLoader loader;
  const auto record = loader.load_library(fixture("wrong_abi"), registry);
  EXPECT_FALSE(record.loaded);
  EXPECT_TRUE(contains(record.problem, fixture("wrong_abi").string())) << record.problem;
  EXPECT_TRUE(
      contains(record.problem, "built for plugin ABI " + std::to_string(ves::kAbiVersion + 1)))
      << record.problem;
  EXPECT_TRUE(contains(record.problem, "uses ABI " + std::to_string(ves::kAbiVersion)))
      << record.problem;
  EXPECT_TRUE(registry.list().empty());
}

TEST(PluginLoader, RefusesALibraryThatFailsToLoad) {
  const auto dir = fresh_folder("broken");
  { std::ofstream(dir / "libves-broken.so") << "this is not an ELF file"; }
  ves::Registry registry;
  ves::PluginLoader loader;
  const auto record = loader.load_library(dir / "libves-broken.so", registry);
  EXPECT_FALSE(record.loaded);
  EXPECT_TRUE(contains(record.problem, (dir / "libves-broken.so").string())) << record.problem;
  EXPECT_TRUE(contains(record.problem, "failed to load")) << record.problem;
}

TEST(PluginLoader, RefusesADuplicateComponentAndKeepsTheFirstProvider) {
  ves::Registry registry;
  ves::PluginLoader loader;
  loader.load_folders({kBuildPlugins}, registry);
  const auto record = loader.load_library(fixture("duplicate_component"), registry);
  EXPECT_FALSE(record.loaded);
  EXPECT_TRUE(contains(record.problem, fixture("duplicate_component").string())) << record.problem;
  EXPECT_TRUE(contains(record.problem, "transform 'template_scale' is already provided by"))
      << record.problem;
  EXPECT_TRUE(contains(record.problem, "libves-template.so")) << record.problem;
  EXPECT_EQ(registry.find("transform", "template_scale")->plugin, "template");
}

TEST(PluginLoader, RefusesAPluginThatThrowsWhileRegisteringAndAddsNothingOfIt) {
  ves::Registry registry;
  ves::PluginLoader loader;
  const auto record = loader.load_library(fixture("throws_on_register"), registry);
  EXPECT_FALSE(record.loaded);
  EXPECT_TRUE(contains(record.problem, "failed while registering (cannot find its weights file)"))
      << record.problem;
  EXPECT_EQ(registry.find("transform", "half_registered"), nullptr);
}

TEST(PluginLoader, KeepsLoadingTheOthersAfterARefusal) {
  const auto dir = fresh_folder("mixed");
  { std::ofstream(dir / "libaaa-broken.so") << "garbage"; }
  fs::copy_file(fixture("good_extra"), dir / "libzzz-good.so");
  ves::Registry registry;
  ves::PluginLoader loader;
  loader.load_folders({dir}, registry);
  ASSERT_EQ(loader.records().size(), 2u);
  EXPECT_FALSE(loader.records()[0].loaded);
  EXPECT_TRUE(loader.records()[1].loaded);
  EXPECT_NE(registry.find("transform", "add_one"), nullptr);
}

TEST(PluginLoader, SearchesFoldersFromVesPluginPathAfterTheBuildTree) {
  ::setenv("VES_PLUGIN_PATH", "/nonexistent/one:/nonexistent/two", 1);
  const auto path = ves::PluginLoader::default_search_path();
  ::unsetenv("VES_PLUGIN_PATH");
  ASSERT_GE(path.size(), 3u);
  EXPECT_EQ(path[path.size() - 2], fs::path("/nonexistent/one"));
  EXPECT_EQ(path.back(), fs::path("/nonexistent/two"));
  EXPECT_EQ(path.front(),
            fs::weakly_canonical(kBuildPlugins));  // the test binary lives in build/bin
}

TEST(PluginLoader, SkipsTheSameFileReachedTwice) {
  ves::Registry registry;
  ves::PluginLoader loader;
  loader.load_folders({kBuildPlugins, kBuildPlugins}, registry);
  for (const auto& r : loader.records()) EXPECT_TRUE(r.loaded) << r.problem;
}
