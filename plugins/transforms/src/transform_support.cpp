// Key selection and record bookkeeping for the adapters.
#include "transform_support.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "ves/core/error.hpp"

namespace ves::transforms {

void CaseTransform::apply(Sample& sample, Rng&, size_t step) const {
  try {
    run(sample, step);
  } catch (const DataError& e) {
    const std::string what = e.what();
    if (what.rfind("case ", 0) == 0) throw;
    throw DataError("case " + sample.case_id + ": " + name_ + ": " + what);
  }
}

VolumeKeys::VolumeKeys(const config::Params& params)
    : keys_(params.get_strings("keys")), label_keys_(params.get_strings("label_keys")) {
  if (keys_.empty()) throw params.error("keys", "must name at least one volume");
}

void VolumeKeys::declare(config::Schema& schema, std::vector<std::string> default_keys) {
  schema.texts("keys", std::move(default_keys), "volumes to transform");
  schema.texts("label_keys", std::vector<std::string>{"label"},
               "which keys are label maps: nearest-neighbour, and skipped when absent");
}

std::vector<std::string> VolumeKeys::present(const Sample& sample) const {
  std::vector<std::string> found;
  for (const auto& key : keys_) {
    if (sample.has_volume(key)) {
      found.push_back(key);
    } else if (!is_label(key)) {
      sample.volume(key);  // throws DataError naming the case and the volumes it has
    }
  }
  return found;
}

bool VolumeKeys::is_label(const std::string& key) const {
  return std::find(label_keys_.begin(), label_keys_.end(), key) != label_keys_.end();
}

void require_same_grid(const Sample& sample, const std::vector<std::string>& keys,
                       const std::string& transform) {
  for (size_t i = 1; i < keys.size(); ++i) {
    const Volume& first = sample.volume(keys[0]);
    const Volume& other = sample.volume(keys[i]);
    if (other.data.sizes().slice(1) != first.data.sizes().slice(1)) {
      throw DataError(fmt::format(
          "case {}: {} needs '{}' and '{}' on one grid, but they are {} and {}", sample.case_id,
          transform, keys[0], keys[i], first.describe(), other.describe()));
    }
  }
}

TransformRecord record_of(const Volume& reference, size_t step) {
  TransformRecord record;
  record.step = step;
  record.geometry_before = reference.geometry;
  const auto sizes = reference.data.sizes();
  record.shape_before.assign(sizes.begin() + 1, sizes.end());
  return record;
}

std::array<int64_t, 3> size_before(const TransformRecord& record) {
  std::array<int64_t, 3> size{1, 1, 1};
  const auto& shape = record.shape_before;  // [Z, Y, X] or [Y, X]
  for (size_t a = 0; a < shape.size() && a < 3; ++a) size[a] = shape[shape.size() - 1 - a];
  return size;
}

void store_start(TransformRecord& record, const Box& box) {
  record.values["start_x"] = static_cast<double>(box.start[0]);
  record.values["start_y"] = static_cast<double>(box.start[1]);
  record.values["start_z"] = static_cast<double>(box.start[2]);
}

std::array<int64_t, 3> stored_start(const TransformRecord& record) {
  std::array<int64_t, 3> start{0, 0, 0};
  const char* names[3] = {"start_x", "start_y", "start_z"};
  for (int a = 0; a < 3; ++a) {
    auto it = record.values.find(names[a]);
    if (it != record.values.end()) start[a] = std::llround(it->second);
  }
  return start;
}

Volume undo_box(const Volume& volume, const std::array<int64_t, 3>& start,
                const TransformRecord& record) {
  Box back;
  back.size = size_before(record);
  for (int a = 0; a < 3; ++a) back.start[a] = -start[a];
  Volume out = extract_box(volume, back);
  out.geometry = record.geometry_before;
  return out;
}

std::array<int64_t, 3> xyz_ints(const config::Params& params, const std::string& name,
                                int64_t fill) {
  const auto values = params.get_ints(name);
  if (values.size() > 3) throw params.error(name, "expected at most 3 values (x, y, z)");
  std::array<int64_t, 3> xyz{fill, fill, fill};
  for (size_t a = 0; a < values.size(); ++a) xyz[a] = values[a];
  return xyz;
}

}  // namespace ves::transforms
