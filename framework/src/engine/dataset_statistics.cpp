// Dataset statistics: per-case numbers into a table, aggregates into JSON and a readable report.
#include "ves/engine/dataset_statistics.hpp"

#include <ATen/ATen.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <set>

namespace ves {

namespace {

struct Range {
  double min = 0, median = 0, max = 0;
};
Range range_of(std::vector<double> v) {
  if (v.empty()) return {};
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return {v.front(), n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]), v.back()};
}
nlohmann::json json_of(const Range& r) {
  return {{"min", r.min}, {"median", r.median}, {"max", r.max}};
}

// Percentile of a channel from at most ~1M evenly strided voxels (exact for smaller volumes).
double percentile(const at::Tensor& flat_sorted, double q) {
  const int64_t n = flat_sorted.numel();
  if (n == 0) return 0;
  const double pos = q / 100.0 * static_cast<double>(n - 1);
  const auto lo = static_cast<int64_t>(pos);
  const int64_t hi = std::min(lo + 1, n - 1);
  const double a = flat_sorted[lo].item<double>(), b = flat_sorted[hi].item<double>();
  return a + (b - a) * (pos - static_cast<double>(lo));
}

// Slices of one orientation: how many, how many hold foreground, and the voxels of those.
struct SliceBalance {
  double slices = 0, positive = 0, positive_voxels = 0;
  nlohmann::json json(double foreground) const {
    return {{"slices", slices},
            {"positive_slices", positive},
            {"positive_slices_percent", slices > 0 ? 100 * positive / slices : 0},
            {"foreground_percent_in_positive_slices",
             positive_voxels > 0 ? 100 * foreground / positive_voxels : 0}};
  }
};

constexpr const char* kOrientations[] = {"axial", "coronal", "sagittal"};

// Counts shared by the whole dataset and by each group.
struct Balance {
  int64_t cases = 0, labelled = 0, positive_cases = 0;
  double voxels = 0, foreground = 0;
  /// Axial (fixed z; a 2-D case is one axial slice), coronal (y), sagittal (x).
  std::array<SliceBalance, 3> orientation;
  std::map<std::string, std::map<std::string, int64_t>> scalar_counts;  // name -> value -> n
  nlohmann::json json() const {
    const SliceBalance& axial = orientation[0];
    nlohmann::json j = {
        {"cases", cases},
        {"cases_with_label", labelled},
        {"positive_cases", positive_cases},
        {"positive_slices", axial.positive},
        {"axial_slices", axial.slices},
        {"positive_slices_percent", axial.slices > 0 ? 100 * axial.positive / axial.slices : 0},
        {"foreground_voxels", foreground},
        {"foreground_percent", voxels > 0 ? 100 * foreground / voxels : 0}};
    for (size_t o = 0; o < 3; ++o)
      j["orientations"][kOrientations[o]] = orientation[o].json(foreground);
    for (const auto& [name, counts] : scalar_counts)
      for (const auto& [value, n] : counts) j["scalars"][name][value] = n;
    return j;
  }
};

struct ChannelRanges {
  std::vector<double> min, max, mean, p005, p995;
};

}  // namespace

struct DatasetStatistics::State {
  DatasetStatisticsOptions options;
  CsvTable table;
  std::array<std::vector<double>, 3> spacing, size;
  std::map<std::string, int64_t> orientations;
  int64_t thick = 0, nonfinite_cases = 0;
  std::set<std::string> subjects;
  std::vector<ChannelRanges> channels;
  Balance all;
  std::map<std::string, std::map<std::string, Balance>> groups;  // name -> value -> balance
  std::vector<std::pair<std::string, std::string>> skipped;
};

DatasetStatistics::DatasetStatistics(DatasetStatisticsOptions options)
    : state_(std::make_unique<State>()) {
  state_->options = std::move(options);
}
DatasetStatistics::~DatasetStatistics() = default;

void DatasetStatistics::add(const Sample& s) {
  State& st = *state_;
  const auto& o = st.options;
  st.subjects.insert(s.subject_id);
  CsvTable& t = st.table;
  t.add_row();
  t.set("case", s.case_id);
  t.set("subject", s.subject_id);
  const Volume& image = s.volume(o.image);
  const auto xyz = image.size_xyz();
  const auto& sp = image.geometry.spacing;
  const bool thick = *std::max_element(sp.begin(), sp.end()) >= o.thick_slice_mm;
  st.thick += thick;
  for (int a = 0; a < 3; ++a) {
    st.spacing[a].push_back(sp[a]);
    st.size[a].push_back(static_cast<double>(xyz[a]));
    t.set(std::string("size_") + "xyz"[a], static_cast<double>(xyz[a]));
  }
  for (int a = 0; a < 3; ++a) t.set(std::string("spacing_") + "xyz"[a], sp[a]);
  t.set("slices", thick ? "thick" : "thin");
  const std::string orientation = image.geometry.orientation_code();
  ++st.orientations[orientation];
  t.set("orientation", orientation);
  t.set("channels", static_cast<double>(image.channels()));

  bool nonfinite = false;
  if (st.channels.size() < static_cast<size_t>(image.channels()))
    st.channels.resize(static_cast<size_t>(image.channels()));
  for (int64_t c = 0; c < image.channels(); ++c) {
    at::Tensor flat = image.data[c].reshape({-1}).to(at::kFloat);
    const int64_t stride = std::max<int64_t>(1, flat.numel() / (1 << 20));
    nonfinite = nonfinite || !at::isfinite(flat).all().item<bool>();
    flat = flat.masked_select(at::isfinite(flat));
    const at::Tensor sorted = std::get<0>(flat.slice(0, 0, flat.numel(), stride).sort());
    ChannelRanges& r = st.channels[static_cast<size_t>(c)];
    const std::string prefix = "c" + std::to_string(c) + "_";
    const double values[] = {flat.numel() ? flat.min().item<double>() : 0,
                             flat.numel() ? flat.max().item<double>() : 0,
                             flat.numel() ? flat.mean().item<double>() : 0, percentile(sorted, 0.5),
                             percentile(sorted, 99.5)};
    const char* names[] = {"min", "max", "mean", "p0.5", "p99.5"};
    std::vector<double>* lists[] = {&r.min, &r.max, &r.mean, &r.p005, &r.p995};
    for (int k = 0; k < 5; ++k) {
      t.set(prefix + names[k], values[k]);
      lists[k]->push_back(values[k]);
    }
  }
  st.nonfinite_cases += nonfinite;
  if (nonfinite) t.set("nonfinite", "yes");

  Balance one;
  one.cases = 1;
  one.voxels = static_cast<double>(xyz[0] * xyz[1] * xyz[2]);
  if (s.has_volume(o.label)) {
    const Volume& label = s.volume(o.label);
    const at::Tensor fg = (label.data > 0).any(0);  // [Z, Y, X] (or [Y, X])
    one.labelled = 1;
    one.foreground = fg.sum().item<double>();
    one.positive_cases = one.foreground > 0;
    if (fg.dim() == 3) {
      // Each orientation fixes one array axis (z, y, x): its slices and the positive ones.
      for (int64_t axis = 0; axis < 3; ++axis) {
        const at::Tensor per_slice = fg.movedim(axis, 0).flatten(1).any(1);
        SliceBalance& b = one.orientation[static_cast<size_t>(axis)];
        b.slices = static_cast<double>(fg.size(axis));
        b.positive = per_slice.sum().item<double>();
        b.positive_voxels = b.positive * static_cast<double>(fg.numel() / fg.size(axis));
      }
    } else {
      SliceBalance& b = one.orientation[0];
      b.slices = 1;
      b.positive = one.foreground > 0;
      b.positive_voxels = b.positive * static_cast<double>(fg.numel());
    }
    t.set("label_voxels", one.foreground);
    t.set("label_ml", one.foreground * label.geometry.voxel_volume_mm3() / 1000.0);
    t.set("label_percent", 100 * one.foreground / one.voxels);
    t.set("positive_slices", one.orientation[0].positive);
  }
  for (const auto& [k, v] : s.scalars) {
    t.set(k, v);
    ++one.scalar_counts[k][format_number(v)];
  }
  for (const auto& [k, v] : s.meta) t.set("meta_" + k, v);

  auto merge = [](Balance& into, const Balance& b) {
    into.cases += b.cases;
    into.labelled += b.labelled;
    into.positive_cases += b.positive_cases;
    into.voxels += b.voxels;
    into.foreground += b.foreground;
    for (size_t k = 0; k < 3; ++k) {
      into.orientation[k].slices += b.orientation[k].slices;
      into.orientation[k].positive += b.orientation[k].positive;
      into.orientation[k].positive_voxels += b.orientation[k].positive_voxels;
    }
    for (const auto& [name, counts] : b.scalar_counts)
      for (const auto& [value, n] : counts) into.scalar_counts[name][value] += n;
  };
  merge(st.all, one);
  for (const auto& column : o.group_by) {
    std::string value = s.meta_or(column, "");
    if (value.empty() && s.scalars.count(column)) value = format_number(s.scalars.at(column));
    if (value.empty() && column == "subject") value = s.subject_id;
    merge(st.groups[column][value.empty() ? "(none)" : value], one);
  }
}

void DatasetStatistics::add_skipped(const std::string& case_id, const std::string& reason) {
  state_->skipped.emplace_back(case_id, reason);
}

const CsvTable& DatasetStatistics::cases() const {
  return state_->table;
}

std::string DatasetStatistics::json() const {
  const State& st = *state_;
  nlohmann::json j;
  j["cases"] = st.all.cases;
  j["subjects"] = st.subjects.size();
  for (int a = 0; a < 3; ++a) {
    const std::string axis(1, "xyz"[a]);
    j["spacing_mm"][axis] = json_of(range_of(st.spacing[a]));
    j["size"][axis] = json_of(range_of(st.size[a]));
  }
  j["orientations"] = st.orientations;
  j["thick_slice_mm"] = st.options.thick_slice_mm;
  j["thick_cases"] = st.thick;
  j["thin_cases"] = st.all.cases - st.thick;
  j["cases_with_nonfinite_voxels"] = st.nonfinite_cases;
  for (size_t c = 0; c < st.channels.size(); ++c) {
    const ChannelRanges& r = st.channels[c];
    j["intensity"][std::to_string(c)] = {{"min", range_of(r.min).min},
                                         {"max", range_of(r.max).max},
                                         {"mean", json_of(range_of(r.mean))},
                                         {"p0.5", json_of(range_of(r.p005))},
                                         {"p99.5", json_of(range_of(r.p995))}};
  }
  j["balance"] = st.all.json();
  for (const auto& [name, values] : st.groups)
    for (const auto& [value, b] : values) j["groups"][name][value] = b.json();
  j["skipped_cases"] = nlohmann::json::array();
  for (const auto& [id, why] : st.skipped)
    j["skipped_cases"].push_back({{"case", id}, {"reason", why}});
  return j.dump(2) + "\n";
}

std::string DatasetStatistics::report() const {
  const State& st = *state_;
  std::string out;
  auto line = [&out](const std::string& text) { out += text + "\n"; };
  line(fmt::format("{} cases from {} subjects{}", st.all.cases, st.subjects.size(),
                   st.skipped.empty() ? "" : fmt::format(" ({} skipped)", st.skipped.size())));
  line("");
  line(fmt::format("{:<12}{:>12}{:>12}{:>12}", "", "min", "median", "max"));
  for (int a = 0; a < 3; ++a) {
    const Range r = range_of(st.spacing[a]);
    line(fmt::format("{:<12}{:>12.4g}{:>12.4g}{:>12.4g}",
                     std::string("spacing ") + "xyz"[a] + " mm", r.min, r.median, r.max));
  }
  for (int a = 0; a < 3; ++a) {
    const Range r = range_of(st.size[a]);
    line(fmt::format("{:<12}{:>12.0f}{:>12.0f}{:>12.0f}", std::string("size ") + "xyz"[a], r.min,
                     r.median, r.max));
  }
  line("");
  line(fmt::format("slices: {} thin, {} thick (largest spacing >= {} mm)", st.all.cases - st.thick,
                   st.thick, st.options.thick_slice_mm));
  std::string orientations;
  for (const auto& [code, n] : st.orientations)
    orientations += fmt::format("{}{} x{}", orientations.empty() ? "" : ", ", code, n);
  line("orientations: " + orientations);
  if (st.nonfinite_cases)
    line(fmt::format("WARNING: {} cases contain NaN or infinite voxels", st.nonfinite_cases));
  line("");
  line(fmt::format("{:<10}{:>12}{:>12}{:>12}{:>12}{:>12}", "channel", "min", "p0.5", "mean",
                   "p99.5", "max"));
  for (size_t c = 0; c < st.channels.size(); ++c) {
    const ChannelRanges& r = st.channels[c];
    line(fmt::format("{:<10}{:>12.4g}{:>12.4g}{:>12.4g}{:>12.4g}{:>12.4g}", c, range_of(r.min).min,
                     range_of(r.p005).median, range_of(r.mean).median, range_of(r.p995).median,
                     range_of(r.max).max));
  }
  line("(p0.5, mean, p99.5: medians over cases)");
  auto percent = [](double part, double whole, const char* format) {
    return whole > 0 ? fmt::format(fmt::runtime(format), 100 * part / whole) : std::string("-");
  };
  // Positive slices per orientation, and the foreground's share of the voxels in those slices
  // (axial): recipe A's "fracture slice %" and "pixel % in fracture slices".
  auto balance_row = [&](const std::string& name, const Balance& b) {
    const auto& ax = b.orientation[0];
    return fmt::format("{:<22}{:>6}{:>9}{:>9}{:>9}{:>9}{:>11}{:>11}", name, b.cases,
                       b.labelled ? fmt::format("{}/{}", b.positive_cases, b.labelled) : "-",
                       percent(b.orientation[0].positive, b.orientation[0].slices, "{:.2f}"),
                       percent(b.orientation[1].positive, b.orientation[1].slices, "{:.2f}"),
                       percent(b.orientation[2].positive, b.orientation[2].slices, "{:.2f}"),
                       b.labelled ? percent(b.foreground, b.voxels, "{:.4f}") : "-",
                       b.labelled ? percent(b.foreground, ax.positive_voxels, "{:.3f}") : "-");
  };
  line("");
  line(fmt::format("{:<22}{:>6}{:>9}{:>25}{:>21}", "class balance", "", "", "pos. slices %  ",
                   "foreground %  "));
  line(fmt::format("{:<22}{:>6}{:>9}{:>9}{:>9}{:>9}{:>11}{:>11}", "", "cases", "positive", "axial",
                   "coronal", "sagittal", "all", "pos. ax."));
  line(balance_row("all", st.all));
  for (const auto& [name, values] : st.groups)
    for (const auto& [value, b] : values) line(balance_row(name + "=" + value, b));
  for (const auto& [name, counts] : st.all.scalar_counts) {
    if (counts.size() > 10) continue;  // a measurement, not a class: see cases.csv
    std::string text;
    for (const auto& [value, n] : counts)
      text += fmt::format("{}{}: {}", text.empty() ? "" : ", ", value, n);
    line(fmt::format("{}: {}", name, text));
  }
  for (const auto& [id, why] : st.skipped) line(fmt::format("skipped {}: {}", id, why));
  return out;
}

}  // namespace ves
