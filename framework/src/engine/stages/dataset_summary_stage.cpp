// Stage `dataset_summary`: what a lab checks before training — sizes, spacings (thin vs thick
// slices), intensities, foreground share, positives per group — in cases.csv and summary.json.
#include <ATen/ATen.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "builtin_stages.hpp"
#include "case_source.hpp"
#include "ves/api/stage.hpp"
#include "ves/core/log.hpp"
#include "ves/engine/csv_table.hpp"
#include "ves/engine/progress.hpp"
#include "ves/engine/run_directory.hpp"
#include "ves/plugin/registry.hpp"

namespace ves::stages {

namespace {

struct Stats {
  double min = 0, median = 0, max = 0;
};
Stats stats_of(std::vector<double> v) {
  if (v.empty()) return {};
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  const double median = n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
  return {v.front(), median, v.back()};
}
nlohmann::json json_of(const Stats& s) {
  return {{"min", s.min}, {"median", s.median}, {"max", s.max}};
}

struct Group {
  int64_t cases = 0, positive_cases = 0;
  double voxels = 0, foreground_voxels = 0;
};

class DatasetSummaryStage : public Stage {
 public:
  DatasetSummaryStage(const config::Params& p, const Context& c)
      : source_(p, c, "dataset_summary"),
        image_(p.get_string("image")),
        label_(p.get_string("label")),
        thick_mm_(p.get_double("thick_slice_mm")),
        group_by_(p.get_strings("group_by")) {}

  void run(const StageContext& stage) override {
    CsvTable table;
    std::array<std::vector<double>, 3> spacing, size;
    int64_t thick = 0, with_label = 0, positive = 0;
    std::map<std::string, std::map<std::string, Group>> groups;  // column -> value -> stats
    std::set<std::string> subjects;
    double all_voxels = 0, all_foreground = 0;
    Progress progress("summary", static_cast<int64_t>(source_.cases().size()), "cases");
    for (size_t i = 0; i < source_.cases().size(); ++i) {
      const Sample s = source_.load(i);
      subjects.insert(s.subject_id);
      table.add_row();
      table.set("case", s.case_id);
      table.set("subject", s.subject_id);
      const Volume& image = s.volume(image_);
      const auto xyz = image.size_xyz();
      const double max_spacing =
          *std::max_element(image.geometry.spacing.begin(), image.geometry.spacing.end());
      const bool is_thick = max_spacing >= thick_mm_;
      thick += is_thick;
      for (int a = 0; a < 3; ++a) {
        const char* axis[] = {"x", "y", "z"};
        spacing[a].push_back(image.geometry.spacing[a]);
        size[a].push_back(static_cast<double>(xyz[a]));
        table.set(std::string("size_") + axis[a], static_cast<double>(xyz[a]));
      }
      for (int a = 0; a < 3; ++a)
        table.set(std::string("spacing_") + "xyz"[a], image.geometry.spacing[a]);
      table.set("slices", is_thick ? "thick" : "thin");
      table.set("orientation", image.geometry.orientation_code());
      table.set("channels", static_cast<double>(image.channels()));
      const at::Tensor data = image.data.to(at::kDouble);
      for (int64_t c = 0; c < image.channels(); ++c) {
        const auto ch = data[c];
        const std::string prefix = "c" + std::to_string(c) + "_";
        table.set(prefix + "min", ch.min().item<double>());
        table.set(prefix + "max", ch.max().item<double>());
        table.set(prefix + "mean", ch.mean().item<double>());
        table.set(prefix + "std", ch.std().item<double>());
        if (!at::isfinite(ch).all().item<bool>()) {
          log().warn("case {}: channel {} of '{}' contains NaN or infinite values", s.case_id, c,
                     image_);
        }
      }
      const double voxels = static_cast<double>(xyz[0] * xyz[1] * xyz[2]);
      double foreground = 0;
      if (s.has_volume(label_)) {
        ++with_label;
        const Volume& label = s.volume(label_);
        foreground = (label.data > 0).sum().item<double>();
        table.set("label_voxels", foreground);
        table.set("label_ml", foreground * label.geometry.voxel_volume_mm3() / 1000.0);
        table.set("label_fraction", foreground / voxels);
        positive += foreground > 0;
      }
      all_voxels += voxels;
      all_foreground += foreground;
      for (const auto& [k, v] : s.scalars) table.set(k, v);
      for (const auto& [k, v] : s.meta) table.set("meta_" + k, v);
      for (const auto& column : group_by_) {
        std::string value = s.meta_or(column, "");
        if (value.empty() && s.scalars.count(column)) value = format_number(s.scalars.at(column));
        Group& g = groups[column][value.empty() ? "(none)" : value];
        ++g.cases;
        g.positive_cases += foreground > 0;
        g.voxels += voxels;
        g.foreground_voxels += foreground;
      }
      progress.advance(1, s.case_id);
    }
    progress.finish();
    table.write(stage.dir / "cases.csv");

    nlohmann::json summary;
    summary["cases"] = source_.cases().size();
    summary["subjects"] = subjects.size();
    for (int a = 0; a < 3; ++a) {
      const std::string axis(1, "xyz"[a]);
      summary["spacing_mm"][axis] = json_of(stats_of(spacing[a]));
      summary["size"][axis] = json_of(stats_of(size[a]));
    }
    summary["thick_slice_mm"] = thick_mm_;
    summary["thick_cases"] = thick;
    summary["thin_cases"] = static_cast<int64_t>(source_.cases().size()) - thick;
    summary["cases_with_label"] = with_label;
    summary["positive_cases"] = positive;
    summary["foreground_percent"] = all_voxels > 0 ? 100.0 * all_foreground / all_voxels : 0.0;
    for (const auto& [column, values] : groups) {
      for (const auto& [value, g] : values) {
        summary["groups"][column][value] = {
            {"cases", g.cases},
            {"positive_cases", g.positive_cases},
            {"foreground_percent", g.voxels > 0 ? 100.0 * g.foreground_voxels / g.voxels : 0.0}};
      }
    }
    write_file_atomic(stage.dir / "summary.json", summary.dump(2) + "\n");
    (*stage.context->artifacts)[stage.name + ".cases_csv"] = stage.dir / "cases.csv";
    log().info(
        "{} cases from {} subjects; {} thin / {} thick (>= {} mm); {} of {} labelled cases "
        "positive; foreground {:.3f}%",
        source_.cases().size(), subjects.size(), source_.cases().size() - thick, thick, thick_mm_,
        positive, with_label, summary["foreground_percent"].get<double>());
    const auto sz = stats_of(spacing[2]);
    log().info("spacing z: min {:.3g} median {:.3g} max {:.3g} mm", sz.min, sz.median, sz.max);
  }

 private:
  CaseSource source_;
  std::string image_, label_;
  double thick_mm_;
  std::vector<std::string> group_by_;
};

}  // namespace

void register_dataset_summary_stage(Registry& registry) {
  config::Schema schema;
  add_case_source_params(schema)
      .text("image", std::string("image"),
            "volume whose size, spacing and intensities are reported")
      .text("label", std::string("label"),
            "label volume for foreground statistics (skipped when absent)")
      .real("thick_slice_mm", 3.0, "cases whose largest spacing is at least this are 'thick'", 0.0)
      .texts("group_by", std::vector<std::string>{},
             "metadata or scalar names to count cases and positives by (e.g. vertebra)");
  registry.add<Stage>("dataset_summary",
                      "summarise a dataset: sizes, spacings, intensities, foreground, groups",
                      schema, [](const config::Params& p, const Context& c) {
                        return std::make_unique<DatasetSummaryStage>(p, c);
                      });
}

}  // namespace ves::stages
