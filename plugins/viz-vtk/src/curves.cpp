#include "curves.hpp"

#include <ATen/ATen.h>

#include <algorithm>
#include <cstdlib>
#include <map>

#include "line_chart.hpp"
#include "png_file.hpp"

namespace ves::viz {
namespace {

constexpr int kChartHeight = 220;

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

/// Columns that are bookkeeping, not curves.
bool is_timing(const std::string& column) {
  return column == "epoch" || column == "seconds" || column == "val_seconds" ||
         column == "samples_per_s" || column == "data_wait_s" || column == "val_items";
}

std::vector<double> column_values(const CsvTable& table, const std::string& column) {
  std::vector<double> values;
  for (size_t r = 0; r < table.rows(); ++r) {
    const std::string cell = table.get(r, column);
    char* end = nullptr;
    const double v = std::strtod(cell.c_str(), &end);
    values.push_back(cell.empty() || end == cell.c_str() ? std::nan("") : v);
  }
  return values;
}

}  // namespace

at::Tensor training_curves(const CsvTable& metrics, int width) {
  std::vector<double> epochs =
      metrics.has_column("epoch") ? column_values(metrics, "epoch") : std::vector<double>{};
  if (epochs.empty())
    for (size_t r = 0; r < metrics.rows(); ++r) epochs.push_back(static_cast<double>(r + 1));
  std::vector<Series> losses, others, rates;
  for (const auto& column : metrics.columns()) {
    if (is_timing(column)) continue;
    auto& group = column == "lr"                                                   ? rates
                  : starts_with(column, "loss") || starts_with(column, "val_loss") ? losses
                                                                                   : others;
    group.push_back({column, epochs, column_values(metrics, column), series_colour(group.size())});
  }
  std::vector<at::Tensor> charts;
  charts.push_back(line_chart("loss", losses, width, kChartHeight));
  if (!others.empty()) charts.push_back(line_chart("metrics", others, width, kChartHeight));
  if (!rates.empty())
    charts.push_back(line_chart("learning rate (log)", rates, width, kChartHeight, true));
  return at::cat(charts, 0);
}

at::Tensor probability_histograms(const CsvTable& table, int width) {
  if (table.rows() == 0) return {};
  const auto epochs = column_values(table, "epoch");
  const double last = *std::max_element(epochs.begin(), epochs.end());
  const auto lows = column_values(table, "bin_low"), highs = column_values(table, "bin_high");
  const auto counts = column_values(table, "count");
  // head -> truth -> (bin centres, counts), in file order
  std::map<std::string, std::map<std::string, std::pair<std::vector<double>, std::vector<double>>>>
      heads;
  for (size_t r = 0; r < table.rows(); ++r) {
    if (epochs[r] != last) continue;
    auto& [x, y] = heads[table.get(r, "head")][table.get(r, "truth")];
    x.push_back((lows[r] + highs[r]) / 2);
    y.push_back(counts[r]);
  }
  std::vector<at::Tensor> charts;
  for (const auto& [head, truths] : heads) {
    std::vector<Series> series;
    for (const auto& [truth, bins] : truths) {
      double total = 0;
      for (double c : bins.second) total += c;
      Series s{truth == "1" ? "positive" : "negative",
               bins.first,
               {},
               truth == "1" ? Rgb{255, 90, 90} : Rgb{120, 170, 255}};
      for (double c : bins.second) s.y.push_back(total > 0 ? c / total : 0.0);
      series.push_back(std::move(s));
    }
    // Short enough to leave room for the legend at the top right.
    const std::string title =
        (head == "class" ? std::string("class prob.") : std::string("map prob. per pixel")) +
        " (log share), epoch " + std::to_string(static_cast<int64_t>(last));
    charts.push_back(line_chart(title, series, width, kChartHeight, /*log_y=*/true, "probability"));
  }
  return at::cat(charts, 0);
}

CurvesCallback::CurvesCallback(const config::Params& p)
    : StageCallback(p), width_(static_cast<int>(p.get_int("width"))) {}

config::Schema CurvesCallback::schema() {
  config::Schema s;
  declare_stages(s, "training stages that draw; [] = every stage");
  s.integer("width", 720, "picture width in pixels", 240, 4096);
  return s;
}

void CurvesCallback::on_epoch_end(const EpochReport& report) {
  if (!wants(report.stage)) return;
  const auto csv = report.dir / "metrics.csv";
  if (!std::filesystem::exists(csv)) return;
  write_png(training_curves(read_csv(csv), width_), report.dir / "curves.png");
  const auto histograms = report.dir / "val_histograms.csv";
  if (std::filesystem::exists(histograms)) {
    const at::Tensor picture = probability_histograms(read_csv(histograms), width_);
    if (picture.defined()) write_png(picture, report.dir / "histograms.png");
  }
}

}  // namespace ves::viz
