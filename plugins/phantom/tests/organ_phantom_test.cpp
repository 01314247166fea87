// The organ phantom's maths, without registry or YAML: determinism, anatomy, lesions.
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <gtest/gtest.h>

#include <thread>

#include "organ_phantom.hpp"

namespace {

using ves::phantom::OrganCase;
using ves::phantom::OrganPhantom;
using ves::phantom::OrganPhantomOptions;

OrganPhantomOptions options_with_seed(uint64_t seed, int64_t cases = 16) {
  OrganPhantomOptions o;
  o.seed = seed;
  o.cases = cases;
  return o;
}

OrganCase make_case(const OrganPhantom& phantom, int64_t index) {
  return phantom.generate(phantom.plan(index));
}

}  // namespace

TEST(OrganPhantom, GivesBitIdenticalCasesForTheSameSeed) {
  const OrganPhantom a(options_with_seed(7)), b(options_with_seed(7));
  for (int64_t i : {0, 3, 11}) {
    const auto ca = make_case(a, i), cb = make_case(b, i);
    EXPECT_TRUE(at::equal(ca.image, cb.image)) << "case " << i;
    EXPECT_TRUE(at::equal(ca.label, cb.label)) << "case " << i;
  }
}

TEST(OrganPhantom, GivesDifferentCasesForDifferentSeedsAndIndices) {
  const OrganPhantom a(options_with_seed(7)), b(options_with_seed(8));
  EXPECT_FALSE(at::equal(make_case(a, 2).image, make_case(b, 2).image));
  EXPECT_FALSE(at::equal(make_case(a, 2).image, make_case(a, 3).image));
}

TEST(OrganPhantom, GeneratesACaseIdenticallyFirstAfterOthersOrOnAnotherThread) {
  const OrganPhantom phantom(options_with_seed(3));
  const OrganCase first = make_case(phantom, 5);
  for (int64_t i = 0; i < 5; ++i) make_case(phantom, i);
  const OrganCase later = make_case(phantom, 5);
  OrganCase threaded;
  std::thread worker([&] { threaded = make_case(phantom, 5); });
  worker.join();
  EXPECT_TRUE(at::equal(first.image, later.image));
  EXPECT_TRUE(at::equal(first.image, threaded.image));
  EXPECT_TRUE(at::equal(first.label, threaded.label));
}

TEST(OrganPhantom, GivesTheSameCaseWithAnyNumberOfIntraOpThreads) {
  OrganPhantomOptions o = options_with_seed(12);
  o.channels = 2;
  const OrganPhantom phantom(o);
  const int before = at::get_num_threads();
  at::set_num_threads(1);
  const OrganCase single = make_case(phantom, 2);
  at::set_num_threads(3);
  const OrganCase several = make_case(phantom, 2);
  at::set_num_threads(before);
  EXPECT_TRUE(at::equal(single.image, several.image));
}

TEST(OrganPhantom, ProducesChannelsFirstFloatVolumesOfTheConfiguredSize) {
  OrganPhantomOptions o = options_with_seed(1);
  o.size = {40, 30, 20};
  o.channels = 2;
  const OrganCase c = make_case(OrganPhantom(o), 0);
  EXPECT_EQ(c.image.sizes(), (std::vector<int64_t>{2, 20, 30, 40}));
  EXPECT_EQ(c.label.sizes(), (std::vector<int64_t>{1, 20, 30, 40}));
  EXPECT_EQ(c.image.scalar_type(), at::kFloat);
  EXPECT_EQ(c.label.scalar_type(), at::kFloat);
  EXPECT_TRUE(at::equal(c.label, c.label.gt(0.5).to(at::kFloat))) << "label must be 0/1";
}

TEST(OrganPhantom, KeepsChannelZeroTheSameWhenASecondChannelIsAdded) {
  OrganPhantomOptions two = options_with_seed(4);
  two.channels = 2;
  const OrganCase one_channel = make_case(OrganPhantom(options_with_seed(4)), 1);
  const OrganCase two_channels = make_case(OrganPhantom(two), 1);
  EXPECT_TRUE(at::equal(one_channel.label, two_channels.label));
  EXPECT_TRUE(at::equal(one_channel.image[0], two_channels.image[0]));
}

TEST(OrganPhantom, PutsLesionLabelsOnlyInsideTheOrgan) {
  const OrganPhantom phantom(options_with_seed(11));
  for (int64_t i = 0; i < 16; ++i) {
    const OrganCase c = make_case(phantom, i);
    const auto outside = c.label.gt(0.5).logical_and(c.organ.logical_not());
    EXPECT_EQ(outside.sum().item<int64_t>(), 0) << "case " << i;
  }
}

TEST(OrganPhantom, DrawsLesionsBrightInChannelZeroAndDarkInChannelOne) {
  OrganPhantomOptions o = options_with_seed(5);
  o.channels = 2;
  o.lesions_min = 1;
  o.empty_fraction = 0.0;
  const OrganPhantom phantom(o);
  for (int64_t i = 0; i < 6; ++i) {
    const OrganCase c = make_case(phantom, i);
    const at::Tensor lesion = c.label[0].gt(0.5);
    const at::Tensor organ = c.organ[0].logical_and(lesion.logical_not());
    ASSERT_GT(lesion.sum().item<int64_t>(), 0) << "case " << i;
    for (int64_t ch = 0; ch < 2; ++ch) {
      const double in_lesion = c.image[ch].masked_select(lesion).mean().item<double>();
      const double in_organ = c.image[ch].masked_select(organ).mean().item<double>();
      if (ch == 0) {
        EXPECT_GT(in_lesion, 1.3 * in_organ) << "case " << i;
      } else {
        EXPECT_LT(in_lesion, 0.85 * in_organ) << "case " << i;
      }
    }
  }
}

TEST(OrganPhantom, HasOrganIntensityNear150OverADarkBackground) {
  const OrganCase c = make_case(OrganPhantom(options_with_seed(2)), 0);
  const at::Tensor organ = c.organ[0].logical_and(c.label[0].lt(0.5));
  const double organ_mean = c.image[0].masked_select(organ).mean().item<double>();
  EXPECT_GT(organ_mean, 100.0);
  EXPECT_LT(organ_mean, 200.0);
  // Well outside the organ (its soft edge excluded) there is only noise around 0.
  const at::Tensor corner = c.image[0].slice(0, 0, 4).slice(1, 0, 4).slice(2, 0, 4);
  EXPECT_LT(corner.mean().abs().item<double>(), 5.0);
}

TEST(OrganPhantom, LeavesSomeCasesWithoutLesionsAtDefaultSettings) {
  const OrganPhantom phantom(options_with_seed(0));
  int with_lesion = 0;
  for (int64_t i = 0; i < 16; ++i)
    with_lesion += make_case(phantom, i).label.sum().item<double>() > 0;
  EXPECT_GT(with_lesion, 0);
  EXPECT_LT(with_lesion, 16);
}

TEST(OrganPhantom, PlansExactlyTheCasesThatGetLesionVoxelsEvenOnCoarseGrids) {
  for (const std::array<double, 3>& spacing :
       {std::array<double, 3>{1.5, 1.5, 3.0}, std::array<double, 3>{4.0, 4.0, 8.0}}) {
    OrganPhantomOptions o = options_with_seed(9, 32);
    o.spacing = spacing;
    o.lesion_radius_mm = {1.0, 4.0};  // lesions smaller than a voxel along z
    const OrganPhantom phantom(o);
    for (int64_t i = 0; i < o.cases; ++i) {
      const auto plan = phantom.plan(i);
      const bool has_voxels = phantom.generate(plan).label.sum().item<double>() > 0;
      EXPECT_EQ(!plan.lesions.empty(), has_voxels) << "case " << i << " spacing " << spacing[2];
    }
  }
}

TEST(OrganPhantom, RespectsTheLesionCountRange) {
  OrganPhantomOptions o = options_with_seed(6, 24);
  o.lesions_min = 2;
  o.lesions_max = 2;
  o.empty_fraction = 0.0;
  o.lesion_radius_mm = {3.0, 5.0};
  const OrganPhantom phantom(o);
  for (int64_t i = 0; i < o.cases; ++i) EXPECT_EQ(phantom.plan(i).lesions.size(), 2u) << i;
}

TEST(OrganPhantom, SpreadsCasesOverSubjectsInEqualBlocks) {
  OrganPhantomOptions o = options_with_seed(0, 9);
  o.subjects = 3;
  const OrganPhantom phantom(o);
  const std::vector<int64_t> expected{0, 0, 0, 1, 1, 1, 2, 2, 2};
  for (int64_t i = 0; i < 9; ++i) EXPECT_EQ(phantom.subject(i), expected[static_cast<size_t>(i)]);
  EXPECT_EQ(OrganPhantom(options_with_seed(0, 4)).subject(3), 3) << "0 = one subject per case";
}

TEST(OrganPhantom, RejectsInconsistentOptions) {
  OrganPhantomOptions o;
  o.lesions_min = 3;
  o.lesions_max = 1;
  EXPECT_THROW(OrganPhantom{o}, std::invalid_argument);
}
