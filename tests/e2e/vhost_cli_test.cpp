// vhost's commands end to end: validate, plugins, describe, --help, --version, exit codes.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "ves/version.hpp"
#include "vhost_test_support.hpp"

using namespace vhost_test;
namespace fs = std::filesystem;

TEST(VhostValidate, ReportsAMisspeltKeyWithFileLineColumnAndSuggestionAndExits2) {
  const auto dir = temp_folder("misspelt");
  const auto file = write(dir / "x.yaml",
                          "name: x\n"
                          "stages: [summary]\n"
                          "dataset:\n"
                          "  type: phantom\n"
                          "  casse: 4\n"
                          "summary:\n"
                          "  type: dataset_summary\n");
  const auto r = run("validate " + file.string());
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_TRUE(
      contains(r.output,
               file.string() +
                   ":5:3: dataset.casse: unknown parameter of reader phantom; did you mean cases?"))
      << r.output;
}

TEST(VhostValidate, ListsTheKnownComponentsForAnUnknownType) {
  const auto dir = temp_folder("unknown_type");
  const auto file = write(dir / "x.yaml",
                          "stages: [summary]\n"
                          "dataset: {type: phantum}\n"
                          "summary: {type: dataset_summary}\n");
  const auto r = run("validate " + file.string());
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_TRUE(contains(r.output,
                       "unknown reader 'phantum'; did you mean phantom? known readers: files, "
                       "image, phantom, phantom_vertebra"))
      << r.output;
}

TEST(VhostValidate, SuggestsTheClosestTopLevelKey) {
  const auto dir = temp_folder("top_level");
  const auto file = write(dir / "x.yaml",
                          "stages: [summary]\n"
                          "sed: 3\n"
                          "dataset: {type: phantom}\n"
                          "summary: {type: dataset_summary}\n");
  const auto r = run("validate " + file.string());
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_TRUE(
      contains(r.output, file.string() + ":2:1: sed: unknown top-level key; did you mean seed?"))
      << r.output;
}

TEST(VhostValidate, ChecksCommandLineOverridesAgainstTheSchema) {
  const auto quickstart = std::string(VES_SOURCE_DIR) + "/configs/quickstart.yaml";
  const auto good = run("validate " + quickstart + " dataset.cases=3");
  EXPECT_EQ(good.code, 0) << good.output;
  EXPECT_TRUE(contains(good.output, "valid (4 stages)")) << good.output;
  const auto bad = run("validate " + quickstart + " dataset.cases=many");
  EXPECT_EQ(bad.code, 2) << bad.output;
  EXPECT_TRUE(contains(bad.output, "dataset.cases: expected int, got 'many'")) << bad.output;
}

TEST(VhostValidate, AcceptsTheQuickstartAndPrintsTheResolvedConfig) {
  const auto r =
      run("validate --print " + std::string(VES_SOURCE_DIR) + "/configs/quickstart.yaml seed=7");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "seed: 7")) << r.output;
  EXPECT_FALSE(contains(r.output, "${seed}")) << r.output;  // interpolated
}

TEST(VhostValidate, ChecksNestedStageSettingsBeforeAnythingRuns) {
  // Settings parsed by the stages themselves are checked by `vhost validate` too, so a typo
  // fails at once instead of after the stages before it have run.
  const auto dir = temp_folder("validate_nested");
  const std::string head =
      "name: n\ndataset: {type: phantom_vertebra, cases: 6}\n"
      "model: {type: vqvae3d, channels: [4], codes: 4, code_dim: 2}\n"
      "stages: [errors]\n"
      "errors:\n  type: infer\n  checkpoints: [x.pt]\n"
      "  inferer: {type: whole_volume, output: recon, activation: none, result: error}\n"
      "  writer: {type: itk}\n  outputs: [error]\n";
  const std::vector<std::pair<std::string, std::string>> cases{
      {"  standardize: {volme: error}\n",
       "n.yaml:11:17: errors.standardize.volme: unknown parameter of errors.standardize; did "
       "you mean volume?"},
      {"  standardize: {volume: prob}\n", "'prob' cannot be standardised"},
      {"  summaries: [mean, median]\n", "'median' is not a statistic"},
      {"  volumes_from: {error: errors}\n", "'error: errors': expected {volume: stage.output}"},
      {"  evaluator: {type: segmentation, score_range: [1, 0]}\n",
       "must be [low, high] with high > low"}};
  for (const auto& [line, message] : cases) {
    const auto file = write(dir / "n.yaml", head + line);
    const auto r = run("validate " + file.string());
    EXPECT_EQ(r.code, 2) << line << r.output;
    EXPECT_TRUE(contains(r.output, message)) << line << r.output;
  }
  fs::remove_all(dir);
}

TEST(VhostValidate, AcceptsEveryShippedConfig) {
  int checked = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(VES_SOURCE_DIR) + "/configs")) {
    if (entry.path().extension() != ".yaml") continue;
    const auto r = run("validate " + entry.path().string());
    EXPECT_EQ(r.code, 0) << entry.path() << "\n" << r.output;
    ++checked;
  }
  EXPECT_GE(checked, 4);
}

TEST(VhostPlugins, ListsEachPluginWithItsComponentsAndLibrary) {
  const auto r = run("plugins");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "stage/dataset_summary")) << r.output;
  EXPECT_TRUE(contains(r.output, "template 0.1.0")) << r.output;
  EXPECT_TRUE(contains(r.output, "transform/template_scale")) << r.output;
  EXPECT_TRUE(contains(r.output, "reader/phantom")) << r.output;
  EXPECT_TRUE(contains(r.output, "libves-template.so")) << r.output;
  EXPECT_FALSE(contains(r.output, "Refused")) << r.output;
}

TEST(VhostPlugins, ShowsARefusedPluginFromVesPluginPathAndKeepsTheRest) {
  const auto r =
      run("plugins", "VES_PLUGIN_PATH=" + std::string(VES_FIXTURE_PLUGIN_DIR) +
                         "/wrong_abi:" + std::string(VES_FIXTURE_PLUGIN_DIR) + "/good_extra");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "Refused:")) << r.output;
  EXPECT_TRUE(
      contains(r.output,
               "libves-fixture-wrong_abi.so: refused: plugin 'wrong-abi' was built for plugin ABI"))
      << r.output;
  EXPECT_TRUE(contains(r.output, "good-extra 1.2.3")) << r.output;
  EXPECT_TRUE(contains(r.output, "template 0.1.0")) << r.output;
}

TEST(VhostDescribe, ShowsParametersWithTypesDefaultsAndDocs) {
  const auto r = run("describe phantom");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "phantom (reader) from plugin phantom")) << r.output;
  EXPECT_TRUE(contains(r.output, "cases")) << r.output;
  EXPECT_TRUE(contains(r.output, "default: 8")) << r.output;
}

TEST(VhostDescribe, SuggestsANameForAnUnknownComponentAndExits2) {
  const auto r = run("describe phantm");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "no component named 'phantm'; did you mean phantom?")) << r.output;
}

TEST(Vhost, PrintsVersionAndHelp) {
  const auto v = run("--version");
  EXPECT_EQ(v.code, 0);
  EXPECT_TRUE(contains(v.output, std::string("vhost ") + ves::kVersion + " (plugin ABI " +
                                     std::to_string(ves::kAbiVersion) + ")"))
      << v.output;
  const auto h = run("--help");
  EXPECT_EQ(h.code, 0);
  for (const char* cmd : {"run", "validate", "plugins", "describe"})
    EXPECT_TRUE(contains(h.output, cmd)) << h.output;
  const auto sub = run("run --help");
  EXPECT_EQ(sub.code, 0);
  EXPECT_TRUE(contains(sub.output, "--force")) << sub.output;
}

TEST(Vhost, ExitsWith2OnUsageErrors) {
  EXPECT_EQ(run("").code, 2);
  EXPECT_EQ(run("frobnicate").code, 2);
  const auto missing = run("validate /nonexistent/file.yaml");
  EXPECT_EQ(missing.code, 2);
  EXPECT_TRUE(contains(missing.output, "/nonexistent/file.yaml")) << missing.output;
}

TEST(VhostDescribe, MatchesTheCommittedConfigReference) {
  const auto r = run("describe --all --markdown", "VES_PLUGIN_PATH=");
  ASSERT_EQ(r.code, 0) << r.output;
  std::ifstream in(std::string(VES_SOURCE_DIR) + "/docs/config-reference.md");
  std::stringstream committed;
  committed << in.rdbuf();
  EXPECT_TRUE(committed.str() == r.output)
      << "docs/config-reference.md is out of date; regenerate it with "
         "`build/bin/vhost describe --all --markdown > docs/config-reference.md`";
}
