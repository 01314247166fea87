// The readers as the framework uses them: parameters, case lists, loaded samples, the plugin.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "phantom_reader.hpp"
#include "vertebra_reader.hpp"
#include "ves/config/config_error.hpp"
#include "ves/config/loader.hpp"
#include "ves/core/error.hpp"
#include "ves/plugin/loader.hpp"

namespace {

using ves::phantom::PhantomReader;
using ves::phantom::VertebraReader;

ves::config::Params params(const std::string& yaml, const ves::config::Schema& schema) {
  return ves::config::Params::validate(ves::config::parse_yaml(yaml, "test.yaml"), schema,
                                       "dataset");
}

std::unique_ptr<PhantomReader> phantom(const std::string& yaml) {
  return PhantomReader::create(params(yaml, PhantomReader::schema()));
}

std::unique_ptr<VertebraReader> vertebrae(const std::string& yaml) {
  return VertebraReader::create(params(yaml, VertebraReader::schema()));
}

/// The message of the ConfigError `make` throws ("" when it throws none).
template <class Make>
std::string config_error(Make make) {
  try {
    make();
  } catch (const ves::config::ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(PhantomReader, ListsCasesWithIdsSubjectsAndLesionFlags) {
  const auto reader = phantom("seed: 1\ncases: 4\n");
  const auto refs = reader->cases();
  ASSERT_EQ(refs.size(), 4u);
  EXPECT_EQ(refs[0].case_id, "phantom_000");
  EXPECT_EQ(refs[3].case_id, "phantom_003");
  EXPECT_EQ(refs[2].subject_id, "subject_002");
  EXPECT_EQ(refs[2].meta.at("subject"), "subject_002");
  EXPECT_TRUE(refs[1].scalars.count("lesion"));
  EXPECT_TRUE(refs[1].meta.count("lesions"));
}

TEST(PhantomReader, LoadsScalarsThatMatchTheLabel) {
  const auto reader = phantom("seed: 2\ncases: 16\n");
  int with_lesion = 0;
  for (const auto& ref : reader->cases()) {
    const ves::Sample sample = reader->load(ref);
    const double voxels = sample.volume("label").data.sum().item<double>();
    EXPECT_EQ(sample.case_id, ref.case_id);
    EXPECT_EQ(sample.subject_id, ref.subject_id);
    EXPECT_EQ(sample.scalars.at("lesion_voxels"), voxels);
    EXPECT_EQ(sample.scalars.at("lesion"), voxels > 0 ? 1.0 : 0.0);
    EXPECT_EQ(ref.scalars.at("lesion"), sample.scalars.at("lesion")) << "listed before loading";
    EXPECT_EQ(sample.meta.at("lesions") == "0", voxels == 0);
    with_lesion += voxels > 0;
  }
  EXPECT_GT(with_lesion, 0);
  EXPECT_LT(with_lesion, 16);
}

TEST(PhantomReader, OmitsTheClassScalarWhenClassLabelIsOff) {
  const auto reader = phantom("cases: 2\nclass_label: false\n");
  EXPECT_FALSE(reader->cases()[0].scalars.count("lesion"));
  EXPECT_FALSE(reader->load(reader->cases()[0]).scalars.count("lesion"));
}

TEST(PhantomReader, WritesTheConfiguredGeometryIntoEveryVolume) {
  const auto reader = phantom(
      "cases: 1\nsize: [20, 18, 10]\nspacing: [0.8, 0.9, 2.5]\norigin: [10, -20, 5]\n"
      "direction: [0, 1, 0, 1, 0, 0, 0, 0, -1]\nchannels: 2\n");
  const ves::Sample sample = reader->load(reader->cases()[0]);
  for (const std::string name : {"image", "label"}) {
    const ves::Volume& v = sample.volume(name);
    EXPECT_EQ(v.geometry.spacing, (std::array<double, 3>{0.8, 0.9, 2.5})) << name;
    EXPECT_EQ(v.geometry.origin, (std::array<double, 3>{10, -20, 5})) << name;
    EXPECT_EQ(v.geometry.direction, (std::array<double, 9>{0, 1, 0, 1, 0, 0, 0, 0, -1})) << name;
    EXPECT_EQ(v.data.size(1), 10);
    EXPECT_EQ(v.data.size(2), 18);
    EXPECT_EQ(v.data.size(3), 20);
  }
  EXPECT_EQ(sample.volume("image").channels(), 2);
}

TEST(PhantomReader, GroupsCasesIntoTheRequestedNumberOfSubjects) {
  const auto reader = phantom("cases: 9\nsubjects: 3\n");
  std::map<std::string, int> per_subject;
  for (const auto& ref : reader->cases()) ++per_subject[ref.subject_id];
  EXPECT_EQ(per_subject, (std::map<std::string, int>{
                             {"subject_000", 3}, {"subject_001", 3}, {"subject_002", 3}}));
}

TEST(PhantomReader, LoadsTheSameSamplesFromConcurrentThreads) {
  const auto reader = phantom("seed: 5\ncases: 4\nchannels: 2\n");
  const auto refs = reader->cases();
  std::vector<at::Tensor> sequential, concurrent(refs.size());
  for (const auto& ref : refs) sequential.push_back(reader->load(ref).volume("image").data);
  std::vector<std::thread> workers;
  for (size_t i = refs.size(); i-- > 0;) {  // reverse order, all at once
    workers.emplace_back([&, i] { concurrent[i] = reader->load(refs[i]).volume("image").data; });
  }
  for (auto& worker : workers) worker.join();
  for (size_t i = 0; i < refs.size(); ++i) EXPECT_TRUE(at::equal(sequential[i], concurrent[i]));
}

TEST(PhantomReader, RefusesACaseItDoesNotHave) {
  const auto reader = phantom("cases: 2\n");
  ves::CaseRef ref;
  ref.case_id = "phantom_002";
  EXPECT_THROW(reader->load(ref), ves::DataError);
}

TEST(PhantomReader, ExplainsInconsistentParameters) {
  const auto message = config_error([] { phantom("lesions_min: 2\nlesions_max: 1\n"); });
  EXPECT_NE(message.find("lesions_max"), std::string::npos) << message;
  EXPECT_NE(message.find("must be >= lesions_min (2)"), std::string::npos) << message;

  const auto radius = config_error([] { phantom("lesion_radius_mm: [12, 3]\n"); });
  EXPECT_NE(radius.find("lesion_radius_mm"), std::string::npos) << radius;
  EXPECT_NE(radius.find("min (12) must be <= max (3)"), std::string::npos) << radius;

  const auto subjects = config_error([] { phantom("cases: 4\nsubjects: 5\n"); });
  EXPECT_NE(subjects.find("subjects"), std::string::npos) << subjects;

  const auto direction = config_error([] { phantom("direction: [1, 0, 0, 1, 0, 0, 0, 0, 1]\n"); });
  EXPECT_NE(direction.find("invertible"), std::string::npos) << direction;

  EXPECT_NE(config_error([] { phantom("channels: 3\n"); }), "");
  EXPECT_NE(config_error([] { phantom("spacing: [1, 0, 1]\n"); }), "");
}

TEST(VertebraReader, NamesCasesLikeVolumeFilesPerPatientAndLevel) {
  const auto reader = vertebrae("seed: 3\nsize: [32, 32, 32]\n");
  const auto refs = reader->cases();
  ASSERT_EQ(refs.size(), 12u);
  std::map<std::string, int> per_subject;
  for (const auto& ref : refs) {
    ++per_subject[ref.subject_id];
    EXPECT_EQ(ref.case_id, "vol_" + ref.subject_id + "_" + ref.meta.at("vertebra"));
    EXPECT_EQ(ref.meta.at("subject"), ref.subject_id);
    EXPECT_TRUE(ref.scalars.count("fracture"));
  }
  EXPECT_EQ(per_subject,
            (std::map<std::string, int>{{"s000", 3}, {"s001", 3}, {"s002", 3}, {"s003", 3}}));
}

TEST(VertebraReader, LoadsScalarsThatMatchTheLabel) {
  const auto reader = vertebrae("seed: 4\ncases: 8\nsize: [32, 32, 32]\nfracture_fraction: 0.5\n");
  for (const auto& ref : reader->cases()) {
    const ves::Sample sample = reader->load(ref);
    const double voxels = sample.volume("label").data.sum().item<double>();
    EXPECT_EQ(sample.scalars.at("fracture_voxels"), voxels);
    EXPECT_EQ(sample.scalars.at("fracture"), voxels > 0 ? 1.0 : 0.0);
    EXPECT_EQ(ref.scalars.at("fracture"), sample.scalars.at("fracture")) << ref.case_id;
    EXPECT_EQ(sample.meta.at("vertebra"), ref.meta.at("vertebra"));
    EXPECT_EQ(sample.volume("image").geometry.spacing, (std::array<double, 3>{1, 1, 1}));
  }
}

TEST(VertebraReader, NormalisesToTheUnitIntervalWhenAskedTo) {
  const auto reader = vertebrae("cases: 1\nsize: [24, 24, 24]\nnormalize: unit\n");
  const at::Tensor image = reader->load(reader->cases()[0]).volume("image").data;
  EXPECT_GE(image.min().item<double>(), 0.0);
  EXPECT_LE(image.max().item<double>(), 1.0);
}

TEST(VertebraReader, ExplainsInconsistentParameters) {
  const auto crowded = config_error([] { vertebrae("cases: 12\nsubjects: 2\n"); });
  EXPECT_NE(crowded.find("subjects"), std::string::npos) << crowded;
  EXPECT_NE(crowded.find("only 5 levels are listed"), std::string::npos) << crowded;
  const auto twice = config_error([] { vertebrae("levels: [L1, L1, L2]\n"); });
  EXPECT_NE(twice.find("lists 'L1' twice"), std::string::npos) << twice;
  EXPECT_NE(config_error([] { vertebrae("normalize: minmax\n"); }), "");
}

TEST(PhantomPlugin, LoadsAndBuildsBothReadersFromYaml) {
  ves::Registry registry;
  ves::PluginLoader loader;
  const auto record = loader.load_library(
      std::filesystem::path(VES_TEST_PLUGIN_DIR) / "libves-phantom.so", registry);
  ASSERT_TRUE(record.loaded) << record.problem;
  EXPECT_EQ(record.name, "phantom");
  ves::Context context;
  context.registry = &registry;
  const auto lesions = registry.create<ves::Reader>(
      ves::config::parse_yaml("type: phantom\ncases: 3\nseed: 1\n", "test.yaml"), context,
      "dataset");
  EXPECT_EQ(lesions->cases().size(), 3u);
  const auto spine = registry.create<ves::Reader>(
      ves::config::parse_yaml("type: phantom_vertebra\ncases: 6\nsize: [16, 16, 16]\n",
                              "test.yaml"),
      context, "dataset");
  EXPECT_EQ(spine->cases().size(), 6u);
  EXPECT_EQ(spine->load(spine->cases()[0]).volume("image").data.size(1), 16);
}
