// Pipeline validation with a registry of test components: shared sections, stage types,
// top-level key checks.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "ves/api/stage.hpp"
#include "ves/config/config_error.hpp"
#include "ves/engine/pipeline.hpp"

namespace fs = std::filesystem;

namespace {

class CountStage : public ves::Stage {
 public:
  explicit CountStage(int64_t n) : n_(n) {}
  void run(const ves::StageContext&) override {}
  int64_t n_;
};

ves::Registry registry() {
  ves::Registry r;
  r.add<ves::Stage>(
      "count", "counts",
      ves::config::Schema().integer("n", 1, "how many", 0).any("shared", "a shared section"),
      [](const ves::config::Params& p, const ves::Context&) {
        return std::make_unique<CountStage>(p.get_int("n"));
      });
  return r;
}

fs::path write(const std::string& name, const std::string& text) {
  const auto dir = fs::temp_directory_path() / ("ves_pipeline_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / name) << text;
  return dir / name;
}

std::string error_of(const fs::path& file, const std::vector<std::string>& overrides = {}) {
  try {
    auto p = ves::load_pipeline_file(file, overrides);
    auto r = registry();
    ves::validate_pipeline(p, r);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST(Pipeline, TakesAStageParameterFromTheTopLevelWhenItsSectionLacksIt) {
  const auto file = write("shared.yaml", "stages: [count]\nshared: {x: 1}\ncount: {n: 3}\n");
  auto p = ves::load_pipeline_file(file, {});
  auto r = registry();
  ves::validate_pipeline(p, r);
  ASSERT_EQ(p.stage_nodes.size(), 1u);
  EXPECT_EQ(p.stage_nodes[0].at("type").text(), "count");  // section name doubles as the type
  EXPECT_EQ(p.stage_nodes[0].at("shared").at("x").as_int(), 1);
  EXPECT_EQ(p.stage_nodes[0].at("n").as_int(), 3);
}

TEST(Pipeline, RunsTwoStagesOfOneTypeUnderDifferentNames) {
  const auto file = write(
      "two.yaml", "stages: [first, second]\nfirst: {type: count}\nsecond: {type: count, n: 2}\n");
  EXPECT_EQ(error_of(file), "(no error)");
}

TEST(Pipeline, NamesTheStageWhoseTypeIsUnknown) {
  const auto file = write("unknown.yaml", "stages: [cuont]\n");
  const auto msg = error_of(file);
  EXPECT_NE(msg.find("cuont: stage 'cuont' has no known type 'cuont'; did you mean count?"),
            std::string::npos)
      << msg;
}

TEST(Pipeline, RefusesAStageListedTwice) {
  const auto msg = error_of(write("twice.yaml", "stages: [count, count]\n"));
  EXPECT_NE(msg.find("stage 'count' is listed twice"), std::string::npos) << msg;
}

TEST(Pipeline, ReportsAnUnknownTopLevelKeyAtItsPosition) {
  const auto file = write("top.yaml", "stages: [count]\nthreads: 1\ndevise: cpu\n");
  const auto msg = error_of(file);
  EXPECT_EQ(msg, file.string() + ":3:1: devise: unknown top-level key; did you mean device?");
}

TEST(Pipeline, ChecksTypesOfPipelineKeys) {
  const auto msg = error_of(write("seed.yaml", "stages: [count]\nseed: -1\n"));
  EXPECT_NE(msg.find("seed: value -1 is below the minimum 0"), std::string::npos) << msg;
}

TEST(Pipeline, AppliesOverridesBeforeValidation) {
  const auto file = write("ovr.yaml", "stages: [count]\ncount: {n: 3}\n");
  const auto msg = error_of(file, {"count.n=-2"});
  EXPECT_NE(msg.find("count.n: value -2 is below the minimum 0"), std::string::npos) << msg;
}
