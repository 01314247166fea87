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

namespace {

// root/name after checking that `name` is a plain folder name and that an existing folder there
// is a Vesalius run.
fs::path checked_run_path(const fs::path& root, const std::string& name) {
  if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..") {
    throw UsageError("run name '" + name +
                     "' is not a plain folder name; set `name:` in the config or pass --name");
  }
  const fs::path path = root / name;
  std::error_code ec;
  if (fs::exists(path, ec) && !fs::exists(path / kMarker)) {
    throw UsageError(path.string() +
                     " exists and is not a Vesalius run folder; choose another name or output_dir");
  }
  return path;
}

void create_run_folder(const fs::path& path) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) throw UsageError("cannot create run folder " + path.string() + ": " + ec.message());
  if (!fs::exists(path / kMarker)) write_file_atomic(path / kMarker, "vesalius run\n");
}

}  // namespace

RunDirectory RunDirectory::reopen(const fs::path& root, const std::string& name) {
  RunDirectory run;
  run.path_ = checked_run_path(root, name);
  std::error_code ec;
  run.resumed_ = fs::exists(run.path_, ec);
  create_run_folder(run.path_);
  fs::remove(run.path_ / kFinished, ec);  // set again once every stage has finished
  return run;
}

RunDirectory RunDirectory::open(const fs::path& root, const std::string& name, bool force) {
  RunDirectory run;
  run.path_ = checked_run_path(root, name);
  std::error_code ec;
  if (fs::exists(run.path_, ec)) {
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
  create_run_folder(run.path_);
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
