// statistics: percentiles as numpy computes them, and named summaries of a volume.
#include "ves/core/statistics.hpp"

#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <cmath>

namespace ves {
namespace {

TEST(Percentile, InterpolatesLinearlyBetweenOrderStatistics) {
  std::vector<float> v{3, 1, 4, 2};
  EXPECT_DOUBLE_EQ(percentile(v, 50), 2.5);
  EXPECT_DOUBLE_EQ(percentile(v, 0), 1.0);
  EXPECT_DOUBLE_EQ(percentile(v, 100), 4.0);
  EXPECT_NEAR(percentile(v, 10), 1.3, 1e-12);  // position 0.3 between 1 and 2
  std::vector<float> none;
  EXPECT_TRUE(std::isnan(percentile(none, 50)));
  std::vector<float> with_nan{1, NAN, 3};  // numpy.percentile([1, nan, 3], 50) is nan
  EXPECT_TRUE(std::isnan(percentile(with_nan, 50)));
}

TEST(SummaryStatistic, GivesMeanMaxMinAndPercentilesByName) {
  // 0..99 in a [1, 10, 10] volume: numpy.percentile(range(100), 99) = 98.01, p99.5 = 98.505.
  const at::Tensor v = at::arange(100, at::kFloat).view({1, 10, 10});
  EXPECT_DOUBLE_EQ(summary_statistic(v, "mean"), 49.5);
  EXPECT_DOUBLE_EQ(summary_statistic(v, "max"), 99.0);
  EXPECT_DOUBLE_EQ(summary_statistic(v, "min"), 0.0);
  EXPECT_NEAR(summary_statistic(v, "p99"), 98.01, 1e-9);
  EXPECT_NEAR(summary_statistic(v, "p99.5"), 98.505, 1e-9);
  EXPECT_DOUBLE_EQ(summary_statistic(v, "p0"), 0.0);
  EXPECT_TRUE(std::isnan(summary_statistic(at::zeros({0}), "p50")));
}

TEST(SummaryStatistic, KnowsItsNamesAndRejectsOthers) {
  for (const char* name : {"mean", "max", "min", "p95", "p99.9", "p100"})
    EXPECT_TRUE(is_summary_statistic(name)) << name;
  for (const char* name : {"median", "p", "p101", "p-1", "p9x", "P99", ""})
    EXPECT_FALSE(is_summary_statistic(name)) << name;
  EXPECT_THROW(summary_statistic(at::ones({3}), "median"), std::invalid_argument);
}

}  // namespace
}  // namespace ves
