#pragma once
// vhost evaluate's inputs: prediction and reference files paired by name, and how a pair is read
// into the samples evaluator/segmentation scores.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ves/core/sample.hpp"

namespace vhost {

/// One case: its name and the two files; a side is empty when its folder has no such file.
struct FilePair {
  std::string case_id;
  std::filesystem::path prediction;
  std::filesystem::path reference;
};

/// Image files in `dir` (.nii, .nii.gz, .nrrd, .nhdr, .mha, .mhd, .npy) keyed by name without
/// extension and without `suffix` at its end; throws UsageError when `dir` is not a folder.
std::vector<std::pair<std::string, std::filesystem::path>> image_files(
    const std::filesystem::path& dir, const std::string& suffix);

/// Every name found on either side, sorted; a name on one side only has the other path empty.
std::vector<FilePair> pair_by_name(const std::filesystem::path& prediction_dir,
                                   const std::string& prediction_suffix,
                                   const std::filesystem::path& reference_dir,
                                   const std::string& reference_suffix);

/// How a prediction that is not on the reference's grid is handled.
struct GridPolicy {
  bool resample = false;             ///< resample the prediction onto the reference grid
  std::string spacing_from;          ///< "ref" | "pred": same size, one side's geometry for both
};

/// Reads one image file into a volume (vhost evaluate builds reader `image` for it).
using VolumeFileReader = std::function<ves::Volume(const std::filesystem::path&)>;

/// The pair as samples: reference volume "label"; prediction "prob" when the file holds a
/// non-integer value (a probability map), else "mask". Throws DataError naming the file on a
/// grid mismatch the policy does not resolve (the evaluator reports other mismatches).
std::pair<ves::Sample, ves::Sample> load_pair(const FilePair& pair, const VolumeFileReader& read,
                                              const GridPolicy& policy);

}  // namespace vhost
