#include "html_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "curves.hpp"
#include "line_chart.hpp"
#include "png_file.hpp"
#include "ves/core/error.hpp"
#include "ves/engine/csv_table.hpp"
#include "ves/engine/run_directory.hpp"

namespace ves::viz {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::optional<json> read_json(const fs::path& path) {
  if (!fs::exists(path)) return std::nullopt;
  try {
    return json::parse(read_text(path));
  } catch (const std::exception&) {
    return std::nullopt;  // half-written or not JSON: left out of the report
  }
}

/// A cell as shown: numbers to 4 significant digits (integers whole), anything else as is.
std::string cell_text(const std::string& cell) {
  char* end = nullptr;
  const double v = std::strtod(cell.c_str(), &end);
  if (cell.empty() || end != cell.c_str() + cell.size() || !std::isfinite(v)) return cell;
  if (v == std::floor(v) && std::abs(v) < 1e9) return fmt::format("{:.0f}", v);
  return fmt::format("{:.4g}", v);
}

std::string number_text(const json& value) {
  if (value.is_number_integer()) return std::to_string(value.get<int64_t>());
  if (value.is_number()) {
    const double v = value.get<double>();
    if (v == std::floor(v) && std::abs(v) < 1e9) return fmt::format("{:.0f}", v);
    if (std::abs(v) >= 1e4) return fmt::format("{:.0f}", v);
    return v != 0 && std::abs(v) < 1e-3 ? fmt::format("{:.3e}", v) : fmt::format("{:.4f}", v);
  }
  return value.is_string() ? value.get<std::string>() : value.dump();
}

/// The unit a metric of the evaluator is in ("" for ratios and scores).
std::string unit_of(const std::string& metric) {
  for (const char* prefix : {"hd", "assd", "masd", "asd_"})
    if (metric.rfind(prefix, 0) == 0) return "mm";
  if (metric.size() > 3 && metric.compare(metric.size() - 3, 3, "_ml") == 0) return "mL";
  if (metric == "tp" || metric == "fp" || metric == "fn" || metric == "tn") return "voxels";
  if (metric.rfind("lesion_", 0) == 0 && (metric == "lesion_tp" || metric == "lesion_fp" ||
                                          metric == "lesion_fn" || metric == "lesion_count_diff"))
    return "lesions";
  return "";
}

/// The metrics most people look at first, in this order; the rest follow alphabetically.
int metric_rank(const std::string& metric) {
  static const std::vector<std::string> first{"dice",      "iou",    "hd95",      "nsd",
                                              "lesion_f1", "recall", "precision", "assd"};
  const auto it = std::find(first.begin(), first.end(), metric);
  return it == first.end() ? static_cast<int>(first.size()) : static_cast<int>(it - first.begin());
}

/// Builds the page while copying what it shows into the report folder.
class ReportWriter {
 public:
  ReportWriter(fs::path run_dir, fs::path report_dir, ReportOptions options)
      : run_(std::move(run_dir)), out_(std::move(report_dir)), options_(options) {}

  fs::path write() {
    fs::create_directories(out_);
    const auto run = read_json(run_ / "run.json");
    const std::string name = run_.filename().string();
    html_ << "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" << escape(name)
          << " - Vesalius report</title>\n<style>" << kStyle << "</style></head><body>\n";
    html_ << "<h1>" << escape(name) << "</h1>\n";
    if (run) overview(*run);
    if (run) headline(*run);
    if (!run) {  // an evaluation folder (vhost evaluate --out): its scores and worst cases
      html_ << "<p class=\"note\">Scores written by <code>vhost evaluate</code>: means over "
               "cases, then the cases worst first.</p>\n";
      if (const auto summary = read_json(run_ / "summary.json")) evaluation(name, run_, *summary);
    }
    std::vector<std::string> stages;
    if (run && run->contains("stages"))
      for (const auto& s : (*run)["stages"]) stages.push_back(s.get<std::string>());
    for (const auto& stage : stages) section(stage);
    if (options_.config && fs::exists(run_ / "config.yaml"))
      html_ << "<h2>Configuration</h2>\n<p>The fully resolved <code>config.yaml</code> of the run."
               "</p><pre>"
            << escape(read_text(run_ / "config.yaml")) << "</pre>\n";
    html_ << "</body></html>\n";
    const fs::path page = out_ / "index.html";
    write_file_atomic(page, html_.str());
    return page;
  }

 private:
  static constexpr const char* kStyle =
      "body{font-family:sans-serif;margin:2em;max-width:1200px;color:#222}"
      "table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid #ccc;padding:3px 8px;"
      "text-align:right}th{background:#eee}td.l,th.l{text-align:left}"
      "img{max-width:100%;border:1px solid #888}pre{background:#f4f4f4;padding:1em;"
      "overflow:auto}.note{color:#555}";

  /// The description from config.yaml and, per scored stage, its main numbers.
  void headline(const json& run) {
    if (fs::exists(run_ / "config.yaml")) {
      const std::string config = read_text(run_ / "config.yaml");
      const auto at = config.find("\ndescription:");
      if (at != std::string::npos) {
        const auto start = at + 13, end = config.find('\n', start);
        html_ << "<p><b>" << escape(config.substr(start, end - start)) << "</b></p>\n";
      }
    }
    if (!run.contains("stages")) return;
    std::string lines;
    for (const auto& s : run["stages"]) {
      const std::string stage = s.get<std::string>();
      const auto summary = read_json(run_ / stage / "summary.json");
      if (!summary || !summary->contains("metrics")) continue;
      const json& m = (*summary)["metrics"];
      std::string line = "<li>" + escape(stage) + ": " +
                         number_text(summary->value("n_cases", json(0))) + " cases";
      for (const char* metric : {"dice", "hd95", "lesion_f1"})
        if (m.contains(metric) && m[metric].contains("mean"))
          line += fmt::format(", mean {} {}{}", metric, escape(number_text(m[metric]["mean"])),
                              unit_of(metric).empty() ? "" : " " + unit_of(metric));
      if (summary->contains("aggregates") && (*summary)["aggregates"].contains("case_roc_auc") &&
          (*summary)["aggregates"]["case_roc_auc"].is_number())
        line += ", case ROC-AUC " + number_text((*summary)["aggregates"]["case_roc_auc"]);
      lines += line + "</li>";
    }
    if (!lines.empty())
      html_ << "<p>Results on the cases each stage scored (details below):</p><ul>" << lines
            << "</ul>\n";
  }

  void overview(const json& run) {
    html_ << "<p class=\"note\">A run folder of Vesalius: what each stage wrote, in order. "
             "Evaluation tables give each metric's mean, median and spread over cases; per-case "
             "tables list the worst cases first. Open the linked meshes in 3D Slicer or "
             "ParaView.</p>\n<table>";
    for (const char* key : {"started", "finished", "seconds", "seed", "threads", "device"})
      if (run.contains(key))
        html_ << "<tr><th class=\"l\">" << key << "</th><td class=\"l\">"
              << escape(number_text(run[key])) << "</td></tr>";
    html_ << "</table>\n";
  }

  /// Copies `file` into the report as `<prefix>_<name>` and returns that name.
  std::string copy(const fs::path& file, const std::string& prefix) {
    const std::string name = prefix + "_" + file.filename().string();
    std::error_code ec;
    fs::copy_file(file, out_ / name, fs::copy_options::overwrite_existing, ec);
    if (ec) throw DataError("report: cannot copy " + file.string() + ": " + ec.message());
    return name;
  }

  void image(const std::string& src, const std::string& alt) {
    html_ << "<p><img src=\"" << escape(src) << "\" alt=\"" << escape(alt) << "\"></p>\n";
  }

  void section(const std::string& stage) {
    const fs::path dir = run_ / stage;
    if (!fs::is_directory(dir) || fs::equivalent(dir, out_)) return;
    html_ << "<h2>Stage " << escape(stage) << "</h2>\n";
    bool any = false;
    for (const fs::path& folder : folders_with_metrics(dir)) {
      any = true;
      training(stage, folder);
    }
    if (const auto summary = read_json(dir / "summary.json");
        summary && summary->contains("metrics")) {
      any = true;
      evaluation(stage, dir, *summary);
    }
    if (!any) files(dir);
  }

  /// A stage without training or evaluation: its summary.txt when it wrote one (e.g. the
  /// dataset summary), then links to its tables and JSON files.
  void files(const fs::path& dir) {
    if (fs::exists(dir / "summary.txt"))
      html_ << "<p class=\"note\">Statistics of the cases as the stage's preprocessing left them "
               "(after any resampling, cropping and intensity normalisation); slices % and "
               "foreground % count label voxels.</p><pre>"
            << escape(read_text(dir / "summary.txt")) << "</pre>\n";
    std::vector<fs::path> found;
    for (const auto& e : fs::directory_iterator(dir)) {
      const std::string ext = e.path().extension().string();
      if (e.is_regular_file() && (ext == ".csv" || ext == ".json" || ext == ".txt"))
        found.push_back(e.path());
    }
    std::sort(found.begin(), found.end());
    if (found.empty()) return;
    html_ << "<p>Files:";
    for (const auto& f : found) {
      const std::string link = fs::relative(f, out_).generic_string();
      html_ << " <a href=\"" << escape(link) << "\">" << escape(f.filename().string()) << "</a>";
    }
    html_ << "</p>\n";
  }

  static std::vector<fs::path> folders_with_metrics(const fs::path& dir) {
    std::vector<fs::path> folders;
    if (fs::exists(dir / "metrics.csv")) folders.push_back(dir);
    for (const auto& entry : fs::directory_iterator(dir))
      if (entry.is_directory() && fs::exists(entry.path() / "metrics.csv"))
        folders.push_back(entry.path());
    std::sort(folders.begin(), folders.end());
    return folders;
  }

  void training(const std::string& stage, const fs::path& folder) {
    const std::string label =
        folder.filename() == stage ? stage : stage + "_" + folder.filename().string();
    const CsvTable metrics = read_csv(folder / "metrics.csv");
    const std::string where =
        folder.filename() == stage ? stage : stage + "/" + folder.filename().string();
    html_ << "<h3>Training " << escape(label) << "</h3>\n<p>" << metrics.rows()
          << " epoch(s); per-epoch values in <a href=\""
          << escape(fs::relative(folder / "metrics.csv", out_).generic_string()) << "\">"
          << escape(where) << "/metrics.csv</a>.</p>\n";
    if (options_.curves && metrics.rows() > 0) {
      const fs::path curves = folder / "curves.png";
      std::string name = label + "_curves.png";
      if (fs::exists(curves)) {
        name = copy(curves, label);
      } else {
        write_png(training_curves(metrics, 720), out_ / name);
      }
      image(name, "training curves of " + label);
      const fs::path histograms = folder / "histograms.png";
      if (fs::exists(histograms)) {
        html_ << "<p>Predicted probabilities of the validation items at the last epoch (a model "
                 "stuck near zero shows both curves at the left).</p>\n";
        image(copy(histograms, label), "probability histograms of " + label);
      }
    }
    last_metrics(metrics);
    const fs::path pictures = folder / "pictures";
    if (fs::is_directory(pictures)) {
      std::vector<fs::path> epochs;
      for (const auto& e : fs::directory_iterator(pictures))
        if (e.path().filename().string().rfind("epoch_", 0) == 0) epochs.push_back(e.path());
      std::sort(epochs.begin(), epochs.end());
      if (!epochs.empty()) {
        html_ << "<p>Last validation picture (" << escape(epochs.back().filename().string())
              << "):</p>\n";
        image(copy(epochs.back(), label), "validation case at the last pictured epoch");
      }
    }
  }

  void last_metrics(const CsvTable& metrics) {
    if (metrics.rows() == 0) return;
    html_ << "<table><tr><th class=\"l\">last epoch</th><th>value</th></tr>";
    for (const auto& column : metrics.columns()) {
      const std::string cell = metrics.get(metrics.rows() - 1, column);
      if (!cell.empty())
        html_ << "<tr><td class=\"l\">" << escape(column) << "</td><td>" << escape(cell_text(cell))
              << "</td></tr>";
    }
    html_ << "</table>\n";
  }

  void evaluation(const std::string& stage, const fs::path& dir, const json& summary) {
    html_ << "<h3>Evaluation (" << number_text(summary.value("n_cases", json(0)))
          << " cases)</h3>\n";
    if (summary.contains("metrics")) {
      const json settings = summary.value("settings", json::object());
      html_ << "<p class=\"note\">Each metric over the cases where it is defined (n); "
               "definitions in the Vesalius documentation, docs/metrics.md. Distances in mm, "
               "volumes in mL, counts in voxels or lesions."
            << (settings.contains("nsd_tolerance_mm")
                    ? " nsd: surface Dice within " + number_text(settings["nsd_tolerance_mm"]) +
                          " mm."
                    : std::string())
            << "</p>\n<table><tr><th class=\"l\">metric</th><th class=\"l\">unit</th>"
               "<th>mean</th><th>median</th><th>std</th><th>n</th></tr>";
      std::vector<std::string> names;
      for (const auto& item : summary["metrics"].items()) names.push_back(item.key());
      std::stable_sort(names.begin(), names.end(), [](const auto& a, const auto& b) {
        return metric_rank(a) < metric_rank(b);
      });
      for (const auto& metric : names) {
        const json& stats = summary["metrics"][metric];
        html_ << "<tr><td class=\"l\">" << escape(metric) << "</td><td class=\"l\">"
              << unit_of(metric) << "</td>";
        for (const char* key : {"mean", "median", "std", "n"})
          html_ << "<td>" << (stats.contains(key) ? escape(number_text(stats[key])) : "")
                << "</td>";
        html_ << "</tr>";
      }
      html_ << "</table>\n";
    }
    if (summary.contains("aggregates") && !summary["aggregates"].empty()) {
      html_ << "<p class=\"note\">Over all cases together (pooled voxels, lesions, or one score "
               "per case); nan where a value is undefined, e.g. a case ROC-AUC needs cases both "
               "with and without a lesion.</p>\n"
               "<table><tr><th class=\"l\">over all cases</th><th>value</th></tr>";
      for (const auto& [key, value] : summary["aggregates"].items())
        html_ << "<tr><td class=\"l\">" << escape(key) << "</td><td>" << escape(number_text(value))
              << "</td></tr>";
      html_ << "</table>\n";
    }
    if (options_.curves) sweep(stage, summary);
    if (fs::exists(dir / "per_case.csv")) cases(stage, dir, summary);
  }

  /// The evaluator's threshold sweep (summary.json `thresholds`) as a chart of mean metrics.
  void sweep(const std::string& stage, const json& summary) {
    if (!summary.contains("thresholds") || !summary["thresholds"].is_array() ||
        summary["thresholds"].size() < 2)
      return;
    const json settings = summary.value("settings", json::object());
    const std::string by = settings.value("select_by", std::string("dice"));
    std::vector<Series> series;
    for (const std::string& metric : {by, std::string("precision"), std::string("recall")}) {
      if (std::any_of(series.begin(), series.end(),
                      [&](const Series& s) { return s.name == metric; }))
        continue;
      Series s{metric, {}, {}, series_colour(series.size())};
      for (const auto& row : summary["thresholds"]) {
        if (!row.contains(metric) || !row[metric].is_number()) continue;
        s.x.push_back(row["threshold"].get<double>());
        s.y.push_back(row[metric].get<double>());
      }
      if (!s.x.empty()) series.push_back(std::move(s));
    }
    if (series.empty()) return;
    const std::string name = stage + "_thresholds.png";
    write_png(line_chart("mean over cases by threshold", series, 720, 240, false, "threshold"),
              out_ / name);
    html_ << "<p>Threshold sweep";
    if (summary.contains("best_threshold") && !summary["best_threshold"].is_null())
      html_ << " (best " << escape(by) << " at " << number_text(summary["best_threshold"]) << ")";
    html_ << ":</p>\n";
    image(name, "metrics by probability threshold");
  }

  void cases(const std::string& stage, const fs::path& dir, const json& summary) {
    const CsvTable table = read_csv(dir / "per_case.csv");
    const json settings = summary.value("settings", json::object());
    std::string by = settings.value("select_by", std::string("dice"));
    const bool larger_is_better = settings.value("select_goal", std::string("max")) == "max";
    if (!table.has_column(by)) by.clear();
    std::vector<size_t> order(table.rows());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    const auto value = [&](size_t r) {
      const std::string cell = by.empty() ? "" : table.get(r, by);
      char* end = nullptr;
      const double v = std::strtod(cell.c_str(), &end);
      return cell.empty() || end == cell.c_str() || std::isnan(v) ? std::nan("") : v;
    };
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      const double va = value(a), vb = value(b);
      if (std::isnan(va) != std::isnan(vb)) return std::isnan(vb);  // NaN last
      return larger_is_better ? va < vb : va > vb;                  // worst first
    });
    // The case, the ranking metric, then a few telling columns; all of them in per_case.csv.
    std::vector<std::string> columns{"case"};
    if (!by.empty()) columns.push_back(by);
    for (const char* c : {"dice", "hd95", "nsd", "lesion_f1", "recall", "precision",
                          "volume_ref_ml", "volume_pred_ml", "case_score"})
      if (table.has_column(c) && std::find(columns.begin(), columns.end(), c) == columns.end() &&
          columns.size() < 8)
        columns.push_back(c);
    html_ << "<h3>Cases" << (by.empty() ? "" : ", worst " + escape(by) + " first") << "</h3>\n"
          << "<p class=\"note\">Green: reference contour; magenta: prediction; yellow: both. "
          << "Every metric of every case: <a href=\""
          << escape(fs::relative(dir / "per_case.csv", out_).generic_string()) << "\">"
          << escape(stage) << "/per_case.csv</a>.</p>\n"
          << "<table><tr>";
    for (const auto& column : columns) html_ << "<th>" << escape(column) << "</th>";
    html_ << "<th class=\"l\">files</th></tr>\n";
    const size_t shown = std::min(order.size(), static_cast<size_t>(options_.max_cases));
    for (size_t k = 0; k < shown; ++k) {
      const size_t r = order[k];
      html_ << "<tr>";
      for (const auto& column : columns)
        html_ << "<td" << (column == "case" ? " class=\"l\"" : "") << ">"
              << escape(cell_text(table.get(r, column))) << "</td>";
      html_ << "<td class=\"l\">" << case_files(stage, dir, table.get(r, "case")) << "</td></tr>\n";
    }
    html_ << "</table>\n";
    if (shown < order.size())
      html_ << "<p class=\"note\">" << order.size() - shown << " more in <code>" << escape(stage)
            << "/per_case.csv</code>.</p>\n";
  }

  std::string case_files(const std::string& stage, const fs::path& dir, const std::string& id) {
    std::string cell;
    const fs::path overlay = dir / "pictures" / (id + "_overlay.png");
    if (options_.overlays && fs::exists(overlay)) {
      const std::string name = copy(overlay, stage);
      cell += "<a href=\"" + escape(name) + "\"><img src=\"" + escape(name) +
              "\" alt=\"overlay of " + escape(id) + "\" style=\"max-width:240px\"></a> ";
    }
    if (options_.meshes && fs::is_directory(dir / "meshes"))
      for (const auto& e : fs::directory_iterator(dir / "meshes")) {
        const std::string file = e.path().filename().string();
        if (file.rfind(id + "_", 0) != 0) continue;
        // Meshes stay where the stage wrote them; the link is relative to the report.
        const std::string link = fs::relative(e.path(), out_).generic_string();
        cell += "<a href=\"" + escape(link) + "\">" + escape(file.substr(id.size() + 1)) + "</a> ";
      }
    return cell;
  }

  fs::path run_, out_;
  ReportOptions options_;
  std::ostringstream html_;
};

}  // namespace

fs::path write_report(const fs::path& run_dir, const fs::path& report_dir,
                      const ReportOptions& options) {
  if (!fs::is_directory(run_dir)) throw DataError("report: no run folder " + run_dir.string());
  if (!fs::exists(run_dir / "run.json") && !fs::exists(run_dir / "summary.json"))
    throw DataError("report: " + run_dir.string() +
                    " is not a Vesalius run folder (no run.json) nor a vhost evaluate output "
                    "(no summary.json); give runs/<name> or the folder of --out");
  return ReportWriter(run_dir, report_dir, options).write();
}

}  // namespace ves::viz
