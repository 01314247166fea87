#include "evaluation_pairs.hpp"

#include <ATen/ATen.h>

#include <algorithm>
#include <map>

#include "ves/core/error.hpp"
#include "ves/core/resample.hpp"

namespace vhost {
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kExtensions{".nii.gz", ".nii", ".nrrd", ".nhdr",
                                           ".mha",    ".mhd", ".npy"};

bool ends_with(const std::string& text, const std::string& end) {
  return text.size() >= end.size() && text.compare(text.size() - end.size(), end.size(), end) == 0;
}

bool holds_fractions(const at::Tensor& data) {
  if (!at::isFloatingType(data.scalar_type())) return false;
  return data.ne(data.round()).any().item<bool>();
}

}  // namespace

std::vector<std::pair<std::string, fs::path>> image_files(const fs::path& dir,
                                                          const std::string& suffix) {
  if (!fs::is_directory(dir))
    throw ves::UsageError(dir.string() + " is not a folder; give a folder of image files");
  std::vector<std::pair<std::string, fs::path>> out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    for (const auto& ext : kExtensions) {
      if (!ends_with(name, ext)) continue;
      std::string stem = name.substr(0, name.size() - ext.size());
      if (!suffix.empty() && ends_with(stem, suffix) && stem.size() > suffix.size())
        stem.resize(stem.size() - suffix.size());
      else if (!suffix.empty())
        break;  // not a file of this side
      out.emplace_back(stem, entry.path());
      break;
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<FilePair> pair_by_name(const fs::path& prediction_dir,
                                   const std::string& prediction_suffix,
                                   const fs::path& reference_dir,
                                   const std::string& reference_suffix) {
  std::map<std::string, FilePair> pairs;
  for (const auto& [name, path] : image_files(prediction_dir, prediction_suffix)) {
    auto& pair = pairs[name];
    pair.case_id = name;
    pair.prediction = path;
  }
  for (const auto& [name, path] : image_files(reference_dir, reference_suffix)) {
    auto& pair = pairs[name];
    pair.case_id = name;
    pair.reference = path;
  }
  std::vector<FilePair> out;
  for (auto& [name, pair] : pairs) out.push_back(std::move(pair));
  return out;
}

std::pair<ves::Sample, ves::Sample> load_pair(const FilePair& pair, const VolumeFileReader& read,
                                              const GridPolicy& policy) {
  ves::Volume reference = read(pair.reference);
  ves::Volume prediction = read(pair.prediction);
  const bool probability = holds_fractions(prediction.data);
  const ves::Grid ref_grid = ves::grid_of(reference), pred_grid = ves::grid_of(prediction);
  if (!ves::same_grid(pred_grid, ref_grid)) {
    if (policy.resample) {
      prediction = ves::resample_onto(
          prediction, ref_grid,
          probability ? ves::Interpolation::Linear : ves::Interpolation::Nearest,
          /*zero_outside=*/true);
    } else if (!policy.spacing_from.empty()) {
      if (ref_grid.size != pred_grid.size)
        throw ves::DataError(pair.prediction.string() + " (" + prediction.describe() + ") and " +
                             pair.reference.string() + " (" + reference.describe() +
                             ") differ in size, so --spacing-from cannot pair their voxels; "
                             "use --resample");
      if (policy.spacing_from == "ref")
        prediction.geometry = reference.geometry;
      else
        reference.geometry = prediction.geometry;
    }
  }
  ves::Sample pred, ref;
  pred.case_id = ref.case_id = pair.case_id;
  pred.volumes[probability ? "prob" : "mask"] = std::move(prediction);
  ref.volumes["label"] = std::move(reference);
  return {std::move(pred), std::move(ref)};
}

}  // namespace vhost
