#include "ves/core/rng.hpp"

#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <cmath>

#include "ves/core/error.hpp"

namespace ves {
namespace {

TEST(Rng, UsesTheStandardMt19937_64Sequence) {
  Rng rng(5489);  // the standard's check: the 10000th output of a default-seeded engine
  for (int i = 0; i < 9999; ++i) rng.next_u64();
  EXPECT_EQ(rng.next_u64(), 9981545732273789042ULL);
}

TEST(Rng, GivesTheSameNumbersForTheSameSeed) {
  Rng a(42), b(42);
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(a.uniform(), b.uniform());
    EXPECT_EQ(a.normal(), b.normal());
    EXPECT_EQ(a.integer(-5, 5), b.integer(-5, 5));
    EXPECT_EQ(a.bernoulli(0.3), b.bernoulli(0.3));
  }
  EXPECT_NE(Rng(1).next_u64(), Rng(2).next_u64());
}

TEST(Rng, ForksTheSameChildWhateverWasDrawnBefore) {
  Rng parent(7);
  const Rng before = parent.fork(3);
  for (int i = 0; i < 10; ++i) parent.next_u64();
  Rng child_a = before;
  Rng child_b = parent.fork(3);
  EXPECT_EQ(child_a.seed(), child_b.seed());
  EXPECT_EQ(child_a.next_u64(), child_b.next_u64());
}

TEST(Rng, ForksIndependentStreams) {
  const Rng parent(7);
  Rng s0 = parent.fork(0), s1 = parent.fork(1), other = Rng(8).fork(0);
  EXPECT_NE(s0.seed(), s1.seed());
  EXPECT_NE(s0.seed(), other.seed());
  EXPECT_NE(s0.seed(), parent.seed());
  int equal = 0;
  for (int i = 0; i < 1000; ++i) equal += s0.next_u64() == s1.next_u64();
  EXPECT_EQ(equal, 0);
}

TEST(Rng, ContinuesIdenticallyAfterRestoringASavedState) {
  Rng rng(99);
  for (int i = 0; i < 37; ++i) rng.normal();
  const std::string saved = rng.state();
  std::vector<double> expected;
  for (int i = 0; i < 20; ++i) expected.push_back(rng.uniform());

  Rng restored(0);
  restored.set_state(saved);
  EXPECT_EQ(restored.seed(), 99u);
  for (double value : expected) EXPECT_EQ(restored.uniform(), value);
}

TEST(Rng, RefusesAStateThatIsNotOne) {
  Rng rng(1);
  EXPECT_THROW(rng.set_state("not a state"), Error);
}

TEST(Rng, DrawsIntegersWithinInclusiveBounds) {
  Rng rng(3);
  bool saw_lo = false, saw_hi = false;
  for (int i = 0; i < 2000; ++i) {
    const int64_t v = rng.integer(-2, 2);
    ASSERT_GE(v, -2);
    ASSERT_LE(v, 2);
    saw_lo |= v == -2;
    saw_hi |= v == 2;
  }
  EXPECT_TRUE(saw_lo);
  EXPECT_TRUE(saw_hi);
  EXPECT_EQ(rng.integer(5, 5), 5);
  const int64_t big = rng.integer(INT64_MIN, INT64_MAX);  // the full range must not overflow
  (void)big;
  EXPECT_THROW(rng.integer(2, 1), Error);
}

TEST(Rng, DrawsUniformNumbersWithMeanOneHalf) {
  Rng rng(11);
  double sum = 0;
  for (int i = 0; i < 100000; ++i) {
    const double u = rng.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  EXPECT_NEAR(sum / 100000, 0.5, 0.005);
  const double scaled = rng.uniform(-3, -1);
  EXPECT_GE(scaled, -3);
  EXPECT_LT(scaled, -1);
}

TEST(Rng, DrawsNormalNumbersWithTheRequestedMeanAndSpread) {
  Rng rng(12);
  double sum = 0, sum_sq = 0;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    const double x = rng.normal(2.0, 3.0);
    ASSERT_TRUE(std::isfinite(x));
    sum += x;
    sum_sq += x * x;
  }
  const double mean = sum / n;
  EXPECT_NEAR(mean, 2.0, 0.05);
  EXPECT_NEAR(std::sqrt(sum_sq / n - mean * mean), 3.0, 0.05);
}

TEST(Rng, DrawsBernoulliWithTheRequestedProbability) {
  Rng rng(13);
  int hits = 0;
  for (int i = 0; i < 100000; ++i) hits += rng.bernoulli(0.25);
  EXPECT_NEAR(hits / 100000.0, 0.25, 0.01);
  EXPECT_FALSE(rng.bernoulli(0.0));
  EXPECT_TRUE(rng.bernoulli(1.0));
}

TEST(Rng, SeedsReproducibleTorchGenerators) {
  Rng a(5), b(5);
  at::Generator ga = a.torch_generator(), gb = b.torch_generator();
  const at::Tensor x = at::randn({16}, ga);
  const at::Tensor y = at::randn({16}, gb);
  EXPECT_TRUE(at::equal(x, y));
  EXPECT_FALSE(at::equal(at::randn({16}, a.torch_generator()), x));
}

}  // namespace
}  // namespace ves
