// Parameters of the "files" and "image" readers and their mapping onto the plain classes.
#include "readers.hpp"

#include <fmt/format.h>

#include <cctype>

#include "itk_io.hpp"
#include "ves/config/config_error.hpp"
#include "ves/core/error.hpp"

namespace ves::io_itk {
namespace {
namespace fs = std::filesystem;

// Parameters both readers share: how one image file is read.
void add_read_params(config::Schema& s) {
  s.text("series", "", "DICOM SeriesInstanceUID to read when a folder holds several series");
  s.flag("resample_to_first", false,
         "resample channels (linear) and label (nearest) on another grid onto the first "
         "channel's grid; false: such a case is an error");
  s.flag("time_as_channels", false,
         "read the volumes of a 4-D image as channels; false: a 4-D image with several volumes "
         "is an error");
  s.choice("npy_axes", "xyz", {"xyz", "zyx"},
           ".npy axis order: xyz = array[x, y, z] (nibabel, MONAI), zyx = array[z, y, x] "
           "(SimpleITK); a 4-D array has channels first");
  s.reals("spacing", std::vector<double>{1.0, 1.0, 1.0},
          ".npy voxel spacing in mm along x, y, z (.npy files carry no geometry)", 3);
  s.reals("origin", std::vector<double>{0.0, 0.0, 0.0},
          ".npy origin in mm (LPS, identity direction)", 3);
}

ReadOptions read_options(const config::Params& params) {
  ReadOptions options;
  options.series = params.get_string("series");
  options.time_as_channels = params.get_bool("time_as_channels");
  options.npy_axes = parse_npy_axes(params.get_string("npy_axes"));
  const auto spacing = params.get_doubles("spacing");
  const auto origin = params.get_doubles("origin");
  for (size_t i = 0; i < 3; ++i) {
    if (!(spacing[i] > 0.0)) throw params.error("spacing", "every spacing must be > 0 mm");
    options.npy_geometry.spacing[i] = spacing[i];
    options.npy_geometry.origin[i] = origin[i];
  }
  return options;
}

Sample load_listed(const CaseFiles* files, const CaseRef& ref, const VolumeReader& reader,
                   bool resample_to_first, const char* component) {
  if (!files) {
    throw DataError(
        fmt::format("reader {}: no case '{}' in this dataset; was it listed by "
                    "another reader?",
                    component, ref.case_id));
  }
  return load_case(*files, reader, resample_to_first);
}

}  // namespace

std::string case_id_of(const fs::path& path) {
  const fs::path normal = path.lexically_normal();
  std::string name = normal.filename().string();
  if (name.empty()) name = normal.parent_path().filename().string();  // "folder/"
  const std::string extension = matching_extension(name);
  if (!extension.empty()) return name.substr(0, name.size() - extension.size());
  if (name.size() > 4) {
    std::string tail = name.substr(name.size() - 4);
    for (char& c : tail) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (tail == ".npy" || tail == ".dcm") return name.substr(0, name.size() - 4);
  }
  return name;
}

// ---- files ----

FilesReader::FilesReader(std::vector<CaseFiles> cases, ReadOptions options, bool resample_to_first)
    : cases_(std::move(cases)), reader_(std::move(options)), resample_to_first_(resample_to_first) {
  for (size_t i = 0; i < cases_.size(); ++i) index_.emplace(cases_[i].ref.case_id, i);
}

config::Schema FilesReader::schema() {
  config::Schema s;
  s.path("table", "",
         "case table (.csv, .tsv, .yaml): one row per case; its relative paths are relative to "
         "the table's folder");
  s.path("root", ".", "folder that pattern, channels and label patterns are relative to");
  s.text("pattern", "",
         "path pattern under root whose matches are the cases, with {name} captures, e.g. "
         "sub-{case}/dwi.nii.gz or vol_{patient}_{vertebra}.npy");
  s.texts("channels", std::vector<std::string>{},
          "image channels: table columns (empty: [image]) or patterns using pattern's "
          "captures (empty: the matched file)");
  s.text("label", "", "label map: a table column or a pattern; empty: no label");
  s.text("case_column", "case", "table column with the case id");
  s.text("subject_column", "",
         "table column with the subject/patient id; empty: 'subject', else 'patient', else the "
         "case id");
  s.text("class_column", "",
         "table column or pattern capture with a numeric class target, stored as a scalar of "
         "that name; empty: none");
  add_read_params(s);
  return s;
}

std::unique_ptr<FilesReader> FilesReader::create(const config::Params& params) {
  const std::string table = params.get_string("table");
  const std::string pattern = params.get_string("pattern");
  if (!table.empty() && !pattern.empty()) {
    throw params.error("pattern", "give either table or pattern, not both");
  }
  if (table.empty() && pattern.empty()) {
    throw params.error("table", "the files reader needs a case table or a pattern",
                       "set table: cases.csv, or root: DIR and pattern: sub-{case}/image.nii.gz");
  }
  std::vector<std::string> channels = params.get_strings("channels");
  std::vector<CaseFiles> cases;
  if (!table.empty()) {
    TableColumns columns;
    columns.case_column = params.get_string("case_column");
    columns.subject_column = params.get_string("subject_column");
    if (!channels.empty()) columns.channels = channels;
    columns.label = params.get_string("label");
    columns.class_column = params.get_string("class_column");
    cases = cases_from_table(read_case_table(table), columns);
  } else {
    PatternSpec spec;
    spec.root = params.get_string("root");
    spec.pattern = pattern;
    spec.channels = channels;
    spec.label = params.get_string("label");
    spec.class_capture = params.get_string("class_column");
    try {
      cases = cases_from_pattern(spec);
    } catch (const DataError&) {
      throw;
    } catch (const config::ConfigError&) {
      throw;
    } catch (const Error& e) {
      throw params.error("pattern", e.what());  // a malformed pattern or an unknown capture
    }
  }
  return std::make_unique<FilesReader>(std::move(cases), read_options(params),
                                       params.get_bool("resample_to_first"));
}

std::vector<CaseRef> FilesReader::cases() const {
  std::vector<CaseRef> refs;
  refs.reserve(cases_.size());
  for (const CaseFiles& files : cases_) refs.push_back(files.ref);
  return refs;
}

Sample FilesReader::load(const CaseRef& ref) const {
  const auto found = index_.find(ref.case_id);
  return load_listed(found == index_.end() ? nullptr : &cases_[found->second], ref, reader_,
                     resample_to_first_, "files");
}

// ---- image ----

ImageReader::ImageReader(CaseFiles files, ReadOptions options, bool resample_to_first)
    : files_(std::move(files)),
      reader_(std::move(options)),
      resample_to_first_(resample_to_first) {}

config::Schema ImageReader::schema() {
  config::Schema s;
  s.path("path", std::nullopt, "image file (.nii.gz, .nrrd, .mha, .npy, .dcm...) or DICOM folder");
  s.path("label", "", "label map on the image's grid; empty: none");
  s.text("case_id", "", "case id; empty: the file name without its extension");
  add_read_params(s);
  return s;
}

std::unique_ptr<ImageReader> ImageReader::create(const config::Params& params) {
  CaseFiles files;
  const fs::path path = params.get_string("path");
  if (path.empty()) throw params.error("path", "must name an image file or DICOM folder");
  files.images.push_back(path);
  files.label = params.get_string("label");
  files.origin = path.string();
  files.ref.case_id = params.get_string("case_id");
  if (files.ref.case_id.empty()) files.ref.case_id = case_id_of(path);
  files.ref.subject_id = files.ref.case_id;
  return std::make_unique<ImageReader>(std::move(files), read_options(params),
                                       params.get_bool("resample_to_first"));
}

std::vector<CaseRef> ImageReader::cases() const {
  return {files_.ref};
}

Sample ImageReader::load(const CaseRef& ref) const {
  return load_listed(ref.case_id == files_.ref.case_id ? &files_ : nullptr, ref, reader_,
                     resample_to_first_, "image");
}

}  // namespace ves::io_itk
