// summary.json statistics over cases (NaN left out) and the per-case table.
#include <gtest/gtest.h>

#include <cmath>

#include "evaluation_summary.hpp"

namespace ves::stages {
namespace {

TEST(EvaluationSummary, StatisticsPerMetricAndEvaluatorAggregates) {
  std::vector<CaseMetrics> cases = {
      {"a", {{"dice", 0.5}, {"hd95", 2.0}}, {{"lesion_size", "small"}}},
      {"b", {{"dice", 1.0}, {"hd95", std::nan("")}}, {{"lesion_size", "large"}}},
      {"c", {{"dice", 0.0}, {"hd95", 4.0}}, {}},
  };
  const auto s = summarize_metrics(
      cases, {{"dice", 0.9}, {"dice_std", 0.1}, {"cases", 7}, {"detection_rate", 0.75}});
  EXPECT_EQ(s["cases"], 3);
  EXPECT_DOUBLE_EQ(s["metrics"]["dice"]["mean"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(s["metrics"]["dice"]["std"].get<double>(), 0.5);  // sample std of 0.5,1,0
  EXPECT_DOUBLE_EQ(s["metrics"]["dice"]["median"].get<double>(), 0.5);
  EXPECT_EQ(s["metrics"]["hd95"]["count"], 2);                          // NaN left out
  EXPECT_DOUBLE_EQ(s["metrics"]["hd95"]["median"].get<double>(), 3.0);  // mean of 2 and 4
  EXPECT_DOUBLE_EQ(s["metrics"]["detection_rate"]["value"].get<double>(), 0.75);
  EXPECT_FALSE(s["metrics"].contains("dice_std"));       // the evaluator's own dice, dice_std and
  EXPECT_FALSE(s["metrics"]["dice"].contains("value"));  // cases are not copied over
  EXPECT_FALSE(s["metrics"].contains("cases"));
  EXPECT_EQ(case_metrics_table(cases).text(),
            "case,lesion_size,dice,hd95\n"
            "a,small,0.5,2\n"
            "b,large,1,nan\n"
            "c,,0,4\n");
}

}  // namespace
}  // namespace ves::stages
