// Tests the maths directly, then the built plugin through the loader as vhost would use it.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include "intensity_scale.hpp"
#include "ves/api/transform.hpp"
#include "ves/config/loader.hpp"
#include "ves/plugin/loader.hpp"

TEST(ScaleIntensity, MultipliesThenAdds) {
  const auto out = ves_template::scale_intensity(at::tensor({1.0f, -2.0f, 0.5f}), 2.0, 1.0);
  EXPECT_FLOAT_EQ(out[0].item<float>(), 3.0f);
  EXPECT_FLOAT_EQ(out[1].item<float>(), -3.0f);
  EXPECT_FLOAT_EQ(out[2].item<float>(), 2.0f);
}

TEST(ScaleIntensity, TurnsIntegerInputIntoFloat) {
  const auto out = ves_template::scale_intensity(at::tensor({1, 2}), 0.5, 0.0);
  EXPECT_EQ(out.scalar_type(), at::kFloat);
  EXPECT_FLOAT_EQ(out[1].item<float>(), 1.0f);
}

TEST(TemplatePlugin, LoadsAndBuildsItsTransformFromYaml) {
  ves::Registry registry;
  ves::PluginLoader loader;
  const auto library = std::filesystem::path(VES_TEST_PLUGIN_DIR) /
                       ("libves-" + std::string(VES_PLUGIN_NAME) + ".so");
  const auto record = loader.load_library(library, registry);
  ASSERT_TRUE(record.loaded) << record.problem;
  EXPECT_EQ(record.name, VES_PLUGIN_NAME);

  const auto node = ves::config::parse_yaml(
      "type: " + std::string(VES_PLUGIN_ID) + "_scale\nfactor: 3\noffset: -1\n", "test.yaml");
  ves::Context context;
  context.registry = &registry;
  auto transform = registry.create<ves::Transform>(node, context, "transform");
  ves::Sample sample;
  sample.case_id = "c1";
  sample.volumes["image"] = ves::Volume{at::full({1, 2, 2, 2}, 2.0f), {}};
  ves::Rng rng(1);
  transform->apply(sample, rng, 0);
  EXPECT_TRUE(at::allclose(sample.volume("image").data, at::full({1, 2, 2, 2}, 5.0f)));
}

TEST(TemplatePlugin, RejectsZeroFactorWithTheKeyNamed) {
  ves::Registry registry;
  ves::PluginLoader loader;
  loader.load_library(std::filesystem::path(VES_TEST_PLUGIN_DIR) /
                          ("libves-" + std::string(VES_PLUGIN_NAME) + ".so"),
                      registry);
  const auto node = ves::config::parse_yaml(
      "type: " + std::string(VES_PLUGIN_ID) + "_scale\nfactor: 0\n", "test.yaml");
  ves::Context context;
  context.registry = &registry;
  try {
    registry.create<ves::Transform>(node, context, "transform");
    FAIL() << "expected an error";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("test.yaml:2:"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("factor: must not be 0"), std::string::npos) << e.what();
  }
}
