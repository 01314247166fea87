// vhost report: (re)writes a run's HTML report, RUN_DIR/report/index.html, with the `report`
// stage of the viz-vtk plugin; also for the output folder of vhost evaluate. The run's own
// `report:` section (its pictures: switches) is used when its config.yaml has one.
#include <iostream>

#include "commands.hpp"
#include "ves/api/stage.hpp"
#include "ves/config/loader.hpp"
#include "ves/core/error.hpp"
#include "ves/plugin/registry.hpp"

namespace vhost {

namespace fs = std::filesystem;

Action add_report_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "report",
      "Write a run's HTML report (RUN_DIR/report/index.html): config, curves, metrics, "
      "worst cases with overlays, mesh links");
  auto run_dir = std::make_shared<std::string>();
  cmd->add_option("run_dir", *run_dir,
                  "a run folder, e.g. runs/quickstart, or the --out folder of vhost evaluate")
      ->required()
      ->check(CLI::ExistingDirectory);
  return [=]() {
    const fs::path dir(*run_dir);
    if (!fs::exists(dir / "run.json") && !fs::exists(dir / "summary.json"))
      throw ves::UsageError(dir.string() +
                            " is not a Vesalius run folder (no run.json) nor a vhost evaluate "
                            "output (no summary.json); give runs/<name> or the --out folder");
    auto& plugins = load_plugins();
    ves::Context context;
    context.registry = &plugins.registry;
    context.run_dir = dir;
    ves::config::Node node = ves::config::Node::map();
    if (fs::exists(dir / "config.yaml")) {
      const ves::config::Node config = ves::config::load_file(dir / "config.yaml");
      const ves::config::Node* section = config.find("report");
      if (section && section->is_map() && section->has("type") &&
          section->at("type").text() == "report")
        node = *section;
    }
    node.set("type", ves::config::Node::scalar("report"));
    if (!plugins.registry.find("stage", "report"))
      throw ves::UsageError(
          "no `report` stage is loaded: the viz-vtk plugin is missing (see "
          "vhost plugins)");
    auto stage = context.create<ves::Stage>(node, "report");
    stage->run(ves::StageContext{"report", dir / "report", &context, {}});
    std::cout << "report: " << (dir / "report" / "index.html").string() << "\n";
    return 0;
  };
}

}  // namespace vhost
