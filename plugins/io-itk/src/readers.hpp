#pragma once
// The reader components of io-itk: "files" (a dataset of image files from a case table or a
// path pattern) and "image" (one file or DICOM folder). Their schemas are their manuals:
//
//   reader: {type: files, table: data/cases.csv, channels: [dwi, adc], label: mask}
//   reader: {type: files, root: data, pattern: "sub-{case}/dwi.nii.gz",
//            label: "sub-{case}/mask.nii.gz"}
//   reader: {type: image, path: ct/series_folder, series: 1.2.840.113619.2.55.3}
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "file_dataset.hpp"
#include "ves/api/reader.hpp"
#include "ves/config/params.hpp"
#include "volume_reader.hpp"

namespace ves::io_itk {

/// Reader "files": cases from `table:` or `root:` + `pattern:`, listed when built.
class FilesReader final : public Reader {
 public:
  FilesReader(std::vector<CaseFiles> cases, ReadOptions options, bool resample_to_first);

  static config::Schema schema();
  /// Builds from validated parameters and lists the cases; ConfigError for inconsistent
  /// parameters, DataError for a table or files that are missing or malformed.
  static std::unique_ptr<FilesReader> create(const config::Params& params);

  std::vector<CaseRef> cases() const override;
  Sample load(const CaseRef& ref) const override;

 private:
  std::vector<CaseFiles> cases_;
  std::map<std::string, size_t> index_;
  VolumeReader reader_;
  bool resample_to_first_;
};

/// Reader "image": one case from `path:` (a file or a DICOM folder) and an optional `label:`.
class ImageReader final : public Reader {
 public:
  ImageReader(CaseFiles files, ReadOptions options, bool resample_to_first);

  static config::Schema schema();
  static std::unique_ptr<ImageReader> create(const config::Params& params);

  std::vector<CaseRef> cases() const override;
  Sample load(const CaseRef& ref) const override;

 private:
  CaseFiles files_;
  VolumeReader reader_;
  bool resample_to_first_;
};

/// The case id of an image path: its file name without the image extension ("ch2.nii.gz" ->
/// "ch2", a DICOM folder -> the folder's name).
std::string case_id_of(const std::filesystem::path& path);

}  // namespace ves::io_itk
