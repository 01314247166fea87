// Run directories: creation, protection of finished runs, atomic writes.
#include "ves/engine/run_directory.hpp"

#include <fstream>
#include <random>

#include "ves/core/error.hpp"

namespace fs = std::filesystem;

namespace ves {

namespace {
constexpr const char* kMarker = ".vesalius-run";
constexpr const char* kFinished = "FINISHED";
}  // namespace

void write_file_atomic(const fs::path& path, const std::string& text) {
  if (path.has_parent_path()) fs::create_directories(path.parent_path());
  std::random_device rd;
  const fs::path tmp =
      path.parent_path() / ("." + path.filename().string() + ".tmp" + std::to_string(rd()));
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      std::error_code ec;
      fs::remove(tmp, ec);
      throw Error("cannot write " + path.string() + ": the disk may be full or read-only");
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw Error("cannot write " + path.string() + ": " + ec.message());
  }
}

RunDirectory RunDirectory::open(const fs::path& root, const std::string& name, bool force) {
  if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..") {
    throw UsageError("run name '" + name +
                     "' is not a plain folder name; set `name:` in the config or pass --name");
  }
  RunDirectory run;
  run.path_ = root / name;
  std::error_code ec;
  if (fs::exists(run.path_, ec)) {
    if (!fs::exists(run.path_ / kMarker)) {
      throw UsageError(
          run.path_.string() +
          " exists and is not a Vesalius run folder; choose another name or output_dir");
    }
    if (run.finished()) {
      if (!force) {
        throw UsageError(
            "run " + run.path_.string() +
            " already finished; pass --force to overwrite it or choose another --name");
      }
      fs::remove_all(run.path_);
    } else if (force) {
      fs::remove_all(run.path_);
    } else {
      run.resumed_ = true;
    }
  }
  fs::create_directories(run.path_, ec);
  if (ec) throw UsageError("cannot create run folder " + run.path_.string() + ": " + ec.message());
  if (!fs::exists(run.path_ / kMarker)) write_file_atomic(run.path_ / kMarker, "vesalius run\n");
  return run;
}

void RunDirectory::write_text(const fs::path& relative, const std::string& text) const {
  write_file_atomic(path_ / relative, text);
}

void RunDirectory::mark_finished() const {
  write_file_atomic(path_ / kFinished, "finished\n");
}

bool RunDirectory::finished() const {
  return fs::exists(path_ / kFinished);
}

}  // namespace ves
