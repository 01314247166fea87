#pragma once
// A dataset of image files: cases listed from a case table or a path pattern, and one case read
// into a Sample ("image" with one channel per file, optional "label"). No registry here.
#include <filesystem>
#include <string>
#include <vector>

#include "case_table.hpp"
#include "ves/api/reader.hpp"
#include "volume_reader.hpp"

namespace ves::io_itk {

/// The files of one case, with its ids, scalars and metadata.
struct CaseFiles {
  CaseRef ref;
  std::vector<std::filesystem::path> images;  ///< one per listed channel, in order
  std::filesystem::path label;                ///< empty: the case has no label
  std::string origin;  ///< where the case was listed ("table.csv:4", the matched path)
};

/// Which table columns hold what.
struct TableColumns {
  std::string case_column = "case";
  std::string subject_column;  ///< "": the "subject" or else "patient" column, or the case id
  std::vector<std::string> channels{"image"};
  std::string label;         ///< "": no label
  std::string class_column;  ///< "": no class; else a number -> scalars[class_column]
};

/// Cases of a table, sorted by case id: paths relative to the table's folder, columns not named
/// in `columns` go to metadata, an empty label cell means no label. Throws DataError naming the
/// table (and line) for a missing column, an empty or duplicate case id, a class that is not a
/// number, or a listed file that does not exist.
std::vector<CaseFiles> cases_from_table(const CaseTable& table, const TableColumns& columns);

/// How files are found under a root folder.
struct PatternSpec {
  std::filesystem::path root;
  std::string pattern;                ///< each match is a case, e.g. "sub-{case}/dwi.nii.gz"
  std::vector<std::string> channels;  ///< patterns using pattern's captures; empty: the match
  std::string label;                  ///< pattern; "": no label
  std::string class_capture;          ///< "": no class; else a number -> scalars[name]
};

/// Cases matching a pattern, sorted by case id. The case id is {case}, else all captures joined
/// by "_" (or the matched path when there are none); the subject is {subject}, else {patient},
/// else the case id; other captures go to metadata. Throws DataError for duplicate case ids,
/// a class that is not a number or a missing channel/label file, ves::Error for a pattern
/// naming a capture the main pattern lacks.
std::vector<CaseFiles> cases_from_pattern(const PatternSpec& spec);

/// Reads a case: channels on another grid than the first are a DataError naming both files
/// and grids unless `resample_to_first` (then linear interpolation onto the first's grid), and
/// so is a label off the image grid (resampled with nearest neighbour). Errors name the case.
Sample load_case(const CaseFiles& files, const VolumeReader& reader, bool resample_to_first);

}  // namespace ves::io_itk
