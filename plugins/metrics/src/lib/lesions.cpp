// Both masks are cropped to the foreground box, then each is split into components on its runs
// (no label per voxel): memory is the two byte crops plus the runs.
#include "lib/lesions.hpp"

#include <cmath>
#include <limits>
#include <vector>

#include "lib/component_runs.hpp"
#include "lib/connected_components.hpp"

namespace ves::metrics {
namespace {

/// The voxels of `mask` inside `box` as 0/1 bytes, x fastest.
std::vector<uint8_t> crop(const uint8_t* mask, const MaskGrid& grid, const VoxelBox& box) {
  const auto extent = box.extent();
  std::vector<uint8_t> out(static_cast<size_t>(extent[0] * extent[1] * extent[2]));
  uint8_t* o = out.data();
  for (int64_t z = box.lo[2]; z <= box.hi[2]; ++z)
    for (int64_t y = box.lo[1]; y <= box.hi[1]; ++y) {
      const uint8_t* row = mask + (z * grid.size[1] + y) * grid.size[0] + box.lo[0];
      for (int64_t x = 0; x < extent[0]; ++x) *o++ = row[x] != 0;
    }
  return out;
}

/// For each component of a mask: does it overlap the other mask?
struct Touching {
  std::vector<uint8_t> touches;  ///< per component, 0 .. count - 1
  int64_t count = 0;
};

Touching components_touching(const std::vector<uint8_t>& labelled,
                             const std::vector<uint8_t>& other, const std::array<int64_t, 3>& size,
                             int connectivity) {
  const RunComponents components = run_components(labelled.data(), size, connectivity);
  Touching result{std::vector<uint8_t>(components.count, 0), components.count};
  for (size_t r = 0; r < components.runs.size(); ++r) {
    uint8_t& touches = result.touches[components.component[r]];
    if (touches) continue;
    const auto& run = components.runs[r];
    const uint8_t* line = other.data() + run.row * size[0];
    for (int64_t x = run.first; x <= run.last && !touches; ++x) touches = line[x] != 0;
  }
  return result;
}

double ratio(double numerator, double denominator) {
  if (denominator == 0) return std::numeric_limits<double>::quiet_NaN();
  return numerator / denominator;
}

}  // namespace

LesionCounts count_lesions(const uint8_t* prediction, const uint8_t* reference,
                           const MaskGrid& grid, const VoxelBox& foreground, int connectivity) {
  check_connectivity(connectivity);
  LesionCounts counts;
  if (foreground.empty()) return counts;
  const auto extent = foreground.extent();
  const std::vector<uint8_t> pred = crop(prediction, grid, foreground);
  const std::vector<uint8_t> ref = crop(reference, grid, foreground);

  const Touching reference_lesions = components_touching(ref, pred, extent, connectivity);
  counts.reference_lesions = reference_lesions.count;
  for (const uint8_t detected : reference_lesions.touches) (detected ? counts.tp : counts.fn) += 1;
  const Touching predicted_lesions = components_touching(pred, ref, extent, connectivity);
  counts.predicted_lesions = predicted_lesions.count;
  for (const uint8_t hits : predicted_lesions.touches) counts.fp += hits ? 0 : 1;
  return counts;
}

LesionScores detection_scores(double tp, double fp, double fn, EmptyScore no_lesions) {
  LesionScores s;
  s.precision = ratio(tp, tp + fp);
  s.recall = ratio(tp, tp + fn);
  s.f1 = tp + fp + fn == 0 ? empty_score_value(no_lesions) : tp / (tp + (fp + fn) / 2.0);
  return s;
}

LesionScores lesion_scores(const LesionCounts& c, EmptyScore no_lesions) {
  const auto real = [](int64_t n) { return static_cast<double>(n); };
  LesionScores s = detection_scores(real(c.tp), real(c.fp), real(c.fn), no_lesions);
  s.count_diff = std::abs(real(c.predicted_lesions - c.reference_lesions));
  return s;
}

}  // namespace ves::metrics
