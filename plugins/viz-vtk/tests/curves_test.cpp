// Training curves: one chart per group of metrics.csv columns, lines where the values are.
#include "curves.hpp"

#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include "line_chart.hpp"

namespace ves::viz {
namespace {

int64_t pixels_of(const at::Tensor& rgb, const Rgb& colour) {
  return ((rgb.select(2, 0) == colour[0]) & (rgb.select(2, 1) == colour[1]) &
          (rgb.select(2, 2) == colour[2]))
      .sum()
      .item<int64_t>();
}

TEST(LineChart, DrawsADescendingLineFromTheTopLeftToTheBottomRight) {
  const Series s{"loss", {1, 2, 3}, {1.0, 0.5, 0.0}, series_colour(0)};
  const at::Tensor chart = line_chart("loss", {s}, 300, 200);
  ASSERT_EQ(chart.sizes(), (std::vector<int64_t>{200, 300, 3}));
  // Plot area: columns 64..288, rows 24..166 (top to bottom). The line's colour is in the upper
  // left and lower right quarters of it, not in the other two.
  const at::Tensor upper_left = chart.narrow(0, 26, 50).narrow(1, 66, 80);
  const at::Tensor lower_right = chart.narrow(0, 114, 50).narrow(1, 206, 80);
  const at::Tensor upper_right = chart.narrow(0, 26, 50).narrow(1, 206, 80);
  EXPECT_GT(pixels_of(upper_left, s.colour), 10);
  EXPECT_GT(pixels_of(lower_right, s.colour), 10);
  EXPECT_EQ(pixels_of(upper_right, s.colour), 0);
}

TEST(TrainingCurves, StacksLossMetricAndLearningRateChartsFromMetricsCsv) {
  CsvTable table;
  for (int e = 1; e <= 5; ++e) {
    table.add_row();
    table.set("epoch", e);
    table.set("lr", 1e-3 / e);
    table.set("loss", 1.0 / e);
    table.set("val_dice", e < 3 ? std::nan("") : 0.1 * e);  // validated from epoch 3
    table.set("seconds", 2.0);
  }
  const at::Tensor rgb = training_curves(table, 400);
  ASSERT_EQ(rgb.sizes(), (std::vector<int64_t>{3 * 220, 400, 3}));
  for (int chart = 0; chart < 3; ++chart)  // each chart has its first series' line
    EXPECT_GT(pixels_of(rgb.narrow(0, chart * 220 + 24, 150), series_colour(0)), 10) << chart;
}

// val_histograms.csv of two epochs, class and map heads: only the last epoch is drawn, one
// chart per head, negatives in blue and positives in red. Negatives sit in the first bin (left
// half of the plot), positives in the last (right half).
TEST(ProbabilityHistograms, DrawTheLastEpochOneChartPerHead) {
  CsvTable table;
  for (int epoch : {1, 2})
    for (const char* head : {"class", "seg"})
      for (int truth : {0, 1})
        for (int b = 0; b < 4; ++b) {
          table.add_row();
          table.set("epoch", epoch);
          table.set("head", head);
          table.set("truth", truth);
          table.set("bin_low", b / 4.0);
          table.set("bin_high", (b + 1) / 4.0);
          const bool filled = epoch == 2 && (truth == 0 ? b == 0 : b == 3);
          table.set("count", filled ? 100 : (epoch == 1 ? 7 : 1));
        }
  const at::Tensor rgb = probability_histograms(table, 400);
  ASSERT_EQ(rgb.sizes(), (std::vector<int64_t>{2 * 220, 400, 3}));
  const Rgb blue{120, 170, 255}, red{255, 90, 90};
  for (int chart = 0; chart < 2; ++chart) {
    const at::Tensor plot = rgb.narrow(0, chart * 220 + 24, 150);
    EXPECT_GT(pixels_of(plot, blue), 10) << chart;
    EXPECT_GT(pixels_of(plot, red), 10) << chart;
  }
  EXPECT_FALSE(probability_histograms(CsvTable{}, 400).defined());
}

}  // namespace
}  // namespace ves::viz
