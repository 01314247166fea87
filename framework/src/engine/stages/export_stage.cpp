// Stage `export`: writes every case's volumes (after preprocessing) to files, with a case table,
// so a dataset (e.g. the phantom) can be opened in a viewer or fed to another tool.
#include "builtin_stages.hpp"
#include "case_source.hpp"
#include "ves/api/stage.hpp"
#include "ves/api/writer.hpp"
#include "ves/config/config_error.hpp"
#include "ves/core/log.hpp"
#include "ves/engine/csv_table.hpp"
#include "ves/engine/progress.hpp"
#include "ves/plugin/registry.hpp"

namespace ves::stages {

namespace {

class ExportStage : public Stage {
 public:
  ExportStage(const config::Params& p, const Context& c)
      : source_(p, c, "export"),
        writer_(c.create<Writer>(p.node("writer"), "export.writer")),
        extension_(p.get_string("extension")),
        volumes_(p.get_strings("volumes")) {
    const auto known = writer_->extensions();
    if (std::find(known.begin(), known.end(), extension_) == known.end()) {
      std::string list;
      for (const auto& e : known) list += (list.empty() ? "" : ", ") + e;
      throw p.error("extension", "the writer does not write '" + extension_ + "'",
                    "it writes " + list);
    }
  }

  void run(const StageContext& stage) override {
    CsvTable table;
    Progress progress("export", static_cast<int64_t>(source_.cases().size()), "cases");
    source_.write_split(stage.dir);
    size_t skipped = 0;
    for (size_t i = 0; i < source_.cases().size(); ++i) {
      const auto loaded = source_.load(i);
      if (!loaded) {
        ++skipped;
        progress.advance(1, source_.cases()[i].case_id + " (skipped)");
        continue;
      }
      const Sample& s = *loaded;
      table.add_row();
      table.set("case", s.case_id);
      table.set("subject", s.subject_id);
      for (const auto& [name, volume] : s.volumes) {
        if (!volumes_.empty() &&
            std::find(volumes_.begin(), volumes_.end(), name) == volumes_.end())
          continue;
        const auto relative = std::filesystem::path(s.case_id) / (name + extension_);
        writer_->write(volume, stage.dir / relative);
        table.set(name, relative.string());
      }
      for (const auto& [k, v] : s.scalars) table.set(k, v);
      for (const auto& [k, v] : s.meta) table.set(k, v);
      progress.advance(1, s.case_id);
    }
    progress.finish();
    table.write(stage.dir / "cases.csv");
    (*stage.context->artifacts)[stage.name + ".dir"] = stage.dir;
    log().info("wrote {} cases to {}{}", table.rows(), stage.dir.string(),
               skipped ? " (" + std::to_string(skipped) + " unreadable cases skipped)" : "");
  }

 private:
  CaseSource source_;
  std::unique_ptr<Writer> writer_;
  std::string extension_;
  std::vector<std::string> volumes_;
};

}  // namespace

void register_export_stage(Registry& registry) {
  config::Schema schema;
  add_case_source_params(schema)
      .component("writer", "writer", "file writer, e.g. {type: itk}")
      .text("extension", std::string(".nii.gz"), "file extension, which picks the format")
      .texts("volumes", std::vector<std::string>{}, "volume names to write; empty = all");
  registry.add<Stage>("export", "write every case's volumes to files with a case table", schema,
                      [](const config::Params& p, const Context& c) {
                        return std::make_unique<ExportStage>(p, c);
                      });
}

}  // namespace ves::stages
