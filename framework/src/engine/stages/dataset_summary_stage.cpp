// Stage `dataset_summary`: what a lab checks before training — sizes, spacings (thin vs thick
// slices), orientations, intensities, class balance, per group and per split — in cases.csv,
// summary.json and summary.txt.
#include "builtin_stages.hpp"
#include "case_source.hpp"
#include "ves/api/stage.hpp"
#include "ves/core/log.hpp"
#include "ves/engine/dataset_statistics.hpp"
#include "ves/engine/progress.hpp"
#include "ves/engine/run_directory.hpp"
#include "ves/plugin/registry.hpp"

namespace ves::stages {

namespace {

class DatasetSummaryStage : public Stage {
 public:
  DatasetSummaryStage(const config::Params& p, const Context& c)
      : source_(p, c, "dataset_summary") {
    options_.image = p.get_string("image");
    options_.label = p.get_string("label");
    options_.thick_slice_mm = p.get_double("thick_slice_mm");
    options_.group_by = p.get_strings("group_by");
    if (source_.has_split()) options_.group_by.push_back("split");
  }

  void run(const StageContext& stage) override {
    DatasetStatistics statistics(options_);
    Progress progress("summary", static_cast<int64_t>(source_.cases().size()), "cases");
    for (size_t i = 0; i < source_.cases().size(); ++i) {
      std::string why;
      const auto sample = source_.load(i, &why);
      if (sample) {
        statistics.add(*sample);
      } else {
        statistics.add_skipped(source_.cases()[i].case_id, why);
      }
      progress.advance(1, source_.cases()[i].case_id);
    }
    progress.finish();
    source_.write_split(stage.dir);
    statistics.cases().write(stage.dir / "cases.csv");
    write_file_atomic(stage.dir / "summary.json", statistics.json());
    const std::string report = statistics.report();
    write_file_atomic(stage.dir / "summary.txt", report);
    (*stage.context->artifacts)[stage.name + ".cases_csv"] = stage.dir / "cases.csv";
    log().info("dataset summary ({}):\n{}", (stage.dir / "summary.txt").string(), report);
  }

 private:
  CaseSource source_;
  DatasetStatisticsOptions options_;
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
             "metadata or scalar names to break the statistics down by (e.g. vertebra); "
             "with a split, per split too");
  registry.add<Stage>("dataset_summary",
                      "summarise a dataset: sizes, spacings, intensities, class balance, groups",
                      schema, [](const config::Params& p, const Context& c) {
                        return std::make_unique<DatasetSummaryStage>(p, c);
                      });
}

}  // namespace ves::stages
