// The built plugin through the loader, as vhost uses it: YAML -> samplers, and their errors.
#include <gtest/gtest.h>

#include "test_cases.hpp"
#include "ves/api/sampler.hpp"
#include "ves_test/plugin_under_test.hpp"

namespace {

class SamplersPlugin : public ::testing::Test {
 protected:
  std::unique_ptr<ves::Sampler> make(const std::string& yaml) {
    return plugin_.make<ves::Sampler>(yaml, "sampler");
  }
  std::string error_of(const std::string& yaml) { return plugin_.error_of<ves::Sampler>(yaml); }

  ves_test::PluginUnderTest plugin_;
};

TEST_F(SamplersPlugin, BuildsEverySamplerFromYaml) {
  const auto patch = make("{type: patch, patch_size: [4, 4, 4], foreground_ratio: 0.7}");
  ves::Rng rng(1);
  const auto sample = patch->extract(samplers_test::indexed_case({6, 6, 6}),
                                     ves::ItemRef{0, {}, -1, "random"}, rng);
  EXPECT_EQ(sample.volume("image").data.sizes(), (std::vector<int64_t>{1, 4, 4, 4}));
  EXPECT_NE(make("{type: full_volume}"), nullptr);
  EXPECT_NE(make("{type: grid, patch_size: [8, 8], overlap: 0.25}"), nullptr);
}

TEST_F(SamplersPlugin, RejectsBadParametersNamingTheKey) {
  EXPECT_NE(error_of("{type: patch}").find("patch_size"), std::string::npos);
  EXPECT_NE(error_of("{type: patch, patch_size: [4, 4, 4, 4]}").find("needs 3 values"),
            std::string::npos);
  EXPECT_NE(error_of("{type: patch, patch_size: [4, 0, 4]}").find("at least 1 voxel"),
            std::string::npos);
  EXPECT_NE(error_of("{type: patch, patch_size: [4, 4, 4], offset: 0.7}").find("offset"),
            std::string::npos);
  EXPECT_NE(error_of("{type: grid, patch_size: [4, 4, 4], overlap: 1.0}").find("below 1"),
            std::string::npos);
}

}  // namespace
