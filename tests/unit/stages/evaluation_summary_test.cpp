// summary.json and per_case.csv: statistics per metric (NaN left out), empty-reference cases in
// or out of the means, the threshold table and best threshold, breakdowns by tag, worst cases
// with their error type, failed cases, and the console table.
#include <gtest/gtest.h>

#include <cmath>

#include "evaluation_summary.hpp"

namespace ves::stages {
namespace {

class FakeEvaluator final : public Evaluator {
 public:
  explicit FakeEvaluator(std::map<std::string, std::string> settings)
      : settings_(std::move(settings)) {}
  CaseMetrics evaluate(const Sample&, const Sample&) const override { return {}; }
  ScalarMap aggregate(const std::vector<CaseMetrics>& cases) const override {
    ScalarMap s = Evaluator::aggregate(cases);
    s["detection_rate"] = 0.75;
    s["voxel_roc_auc"] = std::nan("");
    return s;
  }
  std::map<std::string, std::string> settings() const override { return settings_; }

 private:
  std::map<std::string, std::string> settings_;
};

CaseMetrics make_case(const std::string& id, ScalarMap values, bool empty_reference,
                      std::string size = "small") {
  CaseMetrics c;
  c.case_id = id;
  c.values = std::move(values);
  c.tags = {{"empty_reference", empty_reference ? "yes" : "no"}, {"lesion_size", size}};
  return c;
}

std::vector<CaseMetrics> three_cases() {
  auto a = make_case("a", {{"dice", 0.5}, {"hd95", 2.0}, {"tp", 5}, {"fp", 1}, {"fn", 9}}, false);
  auto b = make_case("b", {{"dice", 1.0}, {"hd95", std::nan("")}, {"tp", 0}, {"fp", 0}, {"fn", 0}},
                     true, "none");
  auto c = make_case("c", {{"dice", 0.0}, {"hd95", INFINITY}, {"tp", 0}, {"fp", 3}, {"fn", 4}},
                     false, "large");
  a.sweep = {{0.3, {{"dice", 0.4}}}, {0.5, {{"dice", 0.5}}}};
  c.sweep = {{0.3, {{"dice", 0.2}}}, {0.5, {{"dice", 0.0}}}};
  b.sweep = {{0.3, {{"dice", 1.0}}}, {0.5, {{"dice", 1.0}}}};
  return {a, b, c};
}

TEST(EvaluationSummary, StatisticsRatesSweepAndWorstCases) {
  const FakeEvaluator evaluator({{"convention", "metricsreloaded"},
                                 {"metrics", "dice,hd95,tp,fp,fn"},
                                 {"select_by", "dice"},
                                 {"select_goal", "max"}});
  const auto s = summarize_evaluation(three_cases(), {{"d", "no prediction file"}}, evaluator);
  EXPECT_EQ(s["convention"], "metricsreloaded");
  EXPECT_EQ(s["n_cases"], 3);
  EXPECT_DOUBLE_EQ(s["metrics"]["dice"]["mean"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(s["metrics"]["dice"]["std"].get<double>(), 0.5);  // sample std of 0.5, 1, 0
  EXPECT_DOUBLE_EQ(s["metrics"]["dice"]["median"].get<double>(), 0.5);
  EXPECT_EQ(s["metrics"]["dice"]["n"], 3);
  EXPECT_EQ(s["metrics"]["hd95"]["n"], 1);  // NaN and inf left out of the statistics
  // Threshold table over all three cases: 0.3 -> (0.4 + 1 + 0.2) / 3, 0.5 -> 0.5.
  ASSERT_EQ(s["thresholds"].size(), 2u);
  EXPECT_NEAR(s["thresholds"][0]["dice"].get<double>(), 1.6 / 3.0, 1e-12);
  EXPECT_DOUBLE_EQ(s["best_threshold"].get<double>(), 0.3);
  EXPECT_DOUBLE_EQ(s["detection_rate"].get<double>(), 0.75);
  EXPECT_EQ(s["false_alarm_rate"], "nan");  // the fake evaluator does not give it
  EXPECT_EQ(s["aggregates"]["voxel_roc_auc"], "nan");
  EXPECT_FALSE(s["aggregates"].contains("dice_std"));  // per-case statistics are not repeated
  EXPECT_EQ(s["worst_cases"][0]["case"], "c");
  EXPECT_EQ(s["worst_cases"][0]["error_type"], "missed");  // reference voxels, no TP
  EXPECT_EQ(s["worst_cases"][1]["error_type"], "false_negative_dominated");
  EXPECT_EQ(s["worst_cases"][2]["error_type"], "none");
  EXPECT_EQ(s["breakdowns"]["lesion_size"]["large"]["n"], 1);
  EXPECT_DOUBLE_EQ(s["breakdowns"]["lesion_size"]["small"]["dice"].get<double>(), 0.5);
  ASSERT_EQ(s["failed_cases"].size(), 1u);
  EXPECT_EQ(s["failed_cases"][0]["case"], "d");
  EXPECT_EQ(s["failed_cases"][0]["reason"], "no prediction file");
  const std::string table = summary_table_text(s);
  EXPECT_NE(table.find("dice"), std::string::npos) << table;
  EXPECT_NE(table.find("0.5000"), std::string::npos) << table;
  EXPECT_NE(table.find("failed: 1"), std::string::npos) << table;
  EXPECT_NE(table.find("best threshold by dice: 0.3000"), std::string::npos) << table;
}

TEST(EvaluationSummary, EmptyReferenceCasesCanBeLeftOutAndDistancesMinimised) {
  const FakeEvaluator evaluator({{"metrics", "dice,hd95"},
                                 {"select_by", "hd95"},
                                 {"select_goal", "min"},
                                 {"include_empty_reference", "false"}});
  auto cases = three_cases();
  cases[0].sweep = {{0.3, {{"hd95", 5.0}}}, {0.5, {{"hd95", 2.0}}}};
  cases[2].sweep = {{0.3, {{"hd95", 7.0}}}, {0.5, {{"hd95", 6.0}}}};
  const auto s = summarize_evaluation(cases, {}, evaluator);
  EXPECT_EQ(s["n_cases"], 3);
  EXPECT_EQ(s["n_cases_in_means"], 2);
  EXPECT_DOUBLE_EQ(s["metrics"]["dice"]["mean"].get<double>(), 0.25);  // b left out
  EXPECT_DOUBLE_EQ(s["best_threshold"].get<double>(), 0.5);            // smallest mean hd95
  EXPECT_EQ(s["worst_cases"][0]["case"], "c");                         // largest hd95 (inf)
  EXPECT_EQ(s["worst_cases"][0]["hd95"], "inf");
}

TEST(EvaluationSummary, PerCaseTableStartsWithTheCaseAndTheEvaluatorsMetricOrder) {
  const FakeEvaluator evaluator(std::map<std::string, std::string>{{"metrics", "dice,hd95,tp,fp,fn"}});
  auto cases = three_cases();
  cases[0].values["dice_1"] = 0.25;
  EXPECT_EQ(case_metrics_table(cases, evaluator).text(),
            "case,dice,dice_1,hd95,tp,fp,fn,empty_reference,lesion_size\n"
            "a,0.5,0.25,2,5,1,9,no,small\n"
            "b,1,,nan,0,0,0,yes,none\n"
            "c,0,,inf,0,3,4,no,large\n");
}

}  // namespace
}  // namespace ves::stages
