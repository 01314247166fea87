// The vertebra phantom's maths, without registry or YAML: determinism, HU, defects, levels.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <map>

#include "vertebra_phantom.hpp"

namespace {

using ves::phantom::VertebraCase;
using ves::phantom::VertebraPhantom;
using ves::phantom::VertebraPhantomOptions;

VertebraPhantomOptions options_with_seed(uint64_t seed, int64_t cases = 12) {
  VertebraPhantomOptions o;
  o.seed = seed;
  o.cases = cases;
  o.size = {48, 48, 48};  // smaller than the default to keep the suite quick
  o.spacing = {1.3, 1.3, 1.3};
  return o;
}

VertebraCase make_case(const VertebraPhantom& phantom, int64_t index) {
  return phantom.generate(phantom.plan(index));
}

}  // namespace

TEST(VertebraPhantom, GivesBitIdenticalCasesForTheSameSeedAndDifferentOnesOtherwise) {
  VertebraPhantomOptions o = options_with_seed(21);
  o.fracture_fraction = 1.0;  // exercise the defect too
  const VertebraPhantom a(o), b(o);
  const VertebraCase ca = make_case(a, 4), cb = make_case(b, 4);
  EXPECT_TRUE(at::equal(ca.image, cb.image));
  EXPECT_TRUE(at::equal(ca.label, cb.label));
  o.seed = 22;
  EXPECT_FALSE(at::equal(ca.image, make_case(VertebraPhantom(o), 4).image));
}

TEST(VertebraPhantom, GeneratesACaseIdenticallyFirstOrAfterOthers) {
  const VertebraPhantom phantom(options_with_seed(2));
  const VertebraCase first = make_case(phantom, 7);
  for (int64_t i = 0; i < 3; ++i) make_case(phantom, i);
  EXPECT_TRUE(at::equal(first.image, make_case(phantom, 7).image));
}

TEST(VertebraPhantom, HasPlausibleHounsfieldUnits) {
  const VertebraPhantom phantom(options_with_seed(1, 6));
  for (int64_t i = 0; i < 6; ++i) {
    const VertebraCase c = make_case(phantom, i);
    EXPECT_EQ(c.image.sizes(), (std::vector<int64_t>{1, 48, 48, 48}));
    const at::Tensor body = c.body[0];
    EXPECT_GT(c.image[0].masked_select(body).max().item<double>(), 600.0) << "cortical shell";
    EXPECT_LE(c.image.min().item<double>(), -900.0) << "air outside the body";
    const double cancellous = c.image[0].masked_select(body).median().item<double>();
    EXPECT_GT(cancellous, 100.0);
    EXPECT_LT(cancellous, 450.0);
    EXPECT_LT(c.image.max().item<double>(), 2000.0);
  }
}

TEST(VertebraPhantom, MapsToTheUnitIntervalWhenAskedTo) {
  VertebraPhantomOptions o = options_with_seed(3, 3);
  const VertebraCase hu = make_case(VertebraPhantom(o), 1);
  o.unit = true;
  const VertebraCase unit = make_case(VertebraPhantom(o), 1);
  EXPECT_GE(unit.image.min().item<double>(), 0.0);
  EXPECT_LE(unit.image.max().item<double>(), 1.0);
  EXPECT_TRUE(at::allclose(unit.image, (hu.image.clamp(-1000, 2000) + 1000) / 3000));
  EXPECT_TRUE(at::equal(unit.label, hu.label));
}

TEST(VertebraPhantom, MarksASmallDarkDefectInsideTheBodyOfFracturedVertebrae) {
  VertebraPhantomOptions o = options_with_seed(5, 24);
  o.fracture_fraction = 0.5;
  const VertebraPhantom phantom(o);
  int fractured = 0;
  for (int64_t i = 0; i < o.cases; ++i) {
    const auto plan = phantom.plan(i);
    const VertebraCase c = phantom.generate(plan);
    const double defect = c.label.sum().item<double>();
    EXPECT_EQ(plan.fracture, defect > 0) << "case " << i;
    if (!plan.fracture) continue;
    ++fractured;
    const at::Tensor label = c.label.gt(0.5);
    EXPECT_EQ(label.logical_and(c.body.logical_not()).sum().item<int64_t>(), 0) << "case " << i;
    const double fraction = defect / c.body.sum().item<double>();
    EXPECT_GT(fraction, 0.002) << "case " << i;
    EXPECT_LT(fraction, 0.08) << "case " << i;
    const double in_defect = c.image.masked_select(label).mean().item<double>();
    const double in_bone =
        c.image.masked_select(c.body.logical_and(label.logical_not())).mean().item<double>();
    EXPECT_LT(in_defect, 50.0) << "case " << i;
    EXPECT_LT(in_defect, in_bone - 100.0) << "case " << i;
  }
  EXPECT_GT(fractured, 0);
  EXPECT_LT(fractured, o.cases);
}

TEST(VertebraPhantom, FollowsTheFractureFractionAtItsExtremes) {
  VertebraPhantomOptions o = options_with_seed(8);
  o.fracture_fraction = 0.0;
  const VertebraPhantom none(o);
  o.fracture_fraction = 1.0;
  const VertebraPhantom all(o);
  for (int64_t i = 0; i < o.cases; ++i) {
    EXPECT_FALSE(none.plan(i).fracture);
    EXPECT_TRUE(all.plan(i).fracture);
  }
}

TEST(VertebraPhantom, GivesEachSubjectARunOfConsecutiveLevels) {
  const VertebraPhantom phantom(options_with_seed(4, 12));  // 4 subjects of 3
  std::map<int64_t, std::vector<size_t>> levels;
  for (int64_t i = 0; i < 12; ++i) levels[phantom.subject(i)].push_back(phantom.level(i));
  ASSERT_EQ(levels.size(), 4u);
  for (const auto& [subject, run] : levels) {
    ASSERT_EQ(run.size(), 3u) << "subject " << subject;
    EXPECT_EQ(run[1], run[0] + 1);
    EXPECT_EQ(run[2], run[1] + 1);
    EXPECT_LT(run[2], phantom.options().levels.size());
  }
}

TEST(VertebraPhantom, RejectsMoreVertebraePerSubjectThanLevels) {
  VertebraPhantomOptions o = options_with_seed(0, 12);
  o.subjects = 2;  // 6 vertebrae each, 5 levels
  EXPECT_THROW(VertebraPhantom{o}, std::invalid_argument);
}
