// Connected components and lesion-wise detection (ISLES'22 definitions) on crafted masks.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <stdexcept>

#include "lib/connected_components.hpp"
#include "lib/segmentation_metrics.hpp"
#include "mask_builder.hpp"

namespace {

using namespace ves::metrics;
using ves_metrics_test::mask_with;

const MaskGrid kGrid{{8, 6, 4}, {1.0, 1.0, 1.0}};

LesionCounts lesions_of(const std::vector<uint8_t>& prediction,
                        const std::vector<uint8_t>& reference, int connectivity,
                        const MaskGrid& grid = kGrid) {
  MetricOptions options;
  options.connectivity = connectivity;
  return compute_segmentation_metrics(prediction, reference, grid, options).lesions;
}

TEST(LesionDetection, CountsTouchedMissedAndFalsePositiveLesions) {
  // Reference lesion A = (1..2, 1, 1), lesion B = (5..6, 4, 2). The prediction overlaps A at
  // (2, 1, 1) and adds a component at (6, 1, 3), far from any reference voxel.
  const auto reference = mask_with(kGrid, {{1, 1, 1}, {2, 1, 1}, {5, 4, 2}, {6, 4, 2}});
  const auto prediction = mask_with(kGrid, {{2, 1, 1}, {3, 1, 1}, {6, 1, 3}});
  const SegmentationMetrics m = compute_segmentation_metrics(prediction, reference, kGrid);
  EXPECT_EQ(m.lesions.reference_lesions, 2);
  EXPECT_EQ(m.lesions.predicted_lesions, 2);
  EXPECT_EQ(m.lesions.tp, 1);                        // A
  EXPECT_EQ(m.lesions.fn, 1);                        // B
  EXPECT_EQ(m.lesions.fp, 1);                        // (6, 1, 3)
  EXPECT_DOUBLE_EQ(m.lesion_scores.precision, 0.5);  // 1 / (1 + 1)
  EXPECT_DOUBLE_EQ(m.lesion_scores.recall, 0.5);     // 1 / (1 + 1)
  EXPECT_DOUBLE_EQ(m.lesion_scores.f1, 0.5);         // 1 / (1 + (1 + 1) / 2)
  EXPECT_EQ(m.lesion_scores.count_diff, 0.0);        // |2 - 2|
}

TEST(LesionDetection, OnePredictedComponentCanDetectTwoLesions) {
  // Reference (1, 1, 1) and (3, 1, 1) are apart; the prediction (1..3, 1, 1) covers both.
  const auto reference = mask_with(kGrid, {{1, 1, 1}, {3, 1, 1}});
  const auto prediction = mask_with(kGrid, {{1, 1, 1}, {2, 1, 1}, {3, 1, 1}});
  const SegmentationMetrics m = compute_segmentation_metrics(prediction, reference, kGrid);
  EXPECT_EQ(m.lesions.tp, 2);
  EXPECT_EQ(m.lesions.fp, 0);
  EXPECT_EQ(m.lesions.fn, 0);
  EXPECT_EQ(m.lesion_scores.f1, 1.0);
  EXPECT_EQ(m.lesion_scores.count_diff, 1.0);  // |1 - 2|
}

TEST(LesionDetection, ConnectivityDecidesWhetherDiagonalVoxelsAreOneLesion) {
  // Reference: (1,1,1) and (2,2,2) share a corner only; (5,1,1) and (6,2,1) share an edge.
  // The prediction touches (1,1,1) and (5,1,1) only.
  const auto reference = mask_with(kGrid, {{1, 1, 1}, {2, 2, 2}, {5, 1, 1}, {6, 2, 1}});
  const auto prediction = mask_with(kGrid, {{1, 1, 1}, {5, 1, 1}});
  const LesionCounts c26 = lesions_of(prediction, reference, 26);  // 2 lesions, both touched
  EXPECT_EQ(c26.reference_lesions, 2);
  EXPECT_EQ(c26.tp, 2);
  EXPECT_EQ(c26.fn, 0);
  const LesionCounts c18 = lesions_of(prediction, reference, 18);  // corner pair splits
  EXPECT_EQ(c18.reference_lesions, 3);
  EXPECT_EQ(c18.tp, 2);
  EXPECT_EQ(c18.fn, 1);
  const LesionCounts c6 = lesions_of(prediction, reference, 6);  // both pairs split
  EXPECT_EQ(c6.reference_lesions, 4);
  EXPECT_EQ(c6.tp, 2);
  EXPECT_EQ(c6.fn, 2);
}

TEST(LesionDetection, ATwoDimensionalMaskUsesFourOrEightNeighbours) {
  const MaskGrid flat{{5, 5, 1}, {0.8, 0.8, 3.0}};
  const auto reference = mask_with(flat, {{1, 1, 0}, {2, 2, 0}});
  const auto prediction = mask_with(flat, {{1, 1, 0}});
  EXPECT_EQ(lesions_of(prediction, reference, 26, flat).reference_lesions, 1);
  EXPECT_EQ(lesions_of(prediction, reference, 18, flat).reference_lesions, 1);
  EXPECT_EQ(lesions_of(prediction, reference, 6, flat).reference_lesions, 2);
}

TEST(LesionDetection, LesionsAtTheGridBorderAreFound) {
  // Corners of the grid: the crop box is the whole grid.
  const auto reference = mask_with(kGrid, {{0, 0, 0}, {7, 5, 3}});
  const auto prediction = mask_with(kGrid, {{7, 5, 3}, {0, 5, 0}});
  const LesionCounts c = lesions_of(prediction, reference, 26);
  EXPECT_EQ(c.tp, 1);
  EXPECT_EQ(c.fn, 1);
  EXPECT_EQ(c.fp, 1);
}

// Components as a partition: the set of voxel indices of each, independent of numbering.
std::map<uint32_t, uint32_t> canonical_numbers(const ComponentLabels& c,
                                               std::vector<uint32_t>& renumbered) {
  std::map<uint32_t, uint32_t> first_seen;
  renumbered.clear();
  for (uint32_t label : c.labels) {
    if (label != 0 && !first_seen.count(label)) {
      const auto next = static_cast<uint32_t>(first_seen.size() + 1);
      first_seen[label] = next;
    }
    renumbered.push_back(label == 0 ? 0 : first_seen[label]);
  }
  return first_seen;
}

TEST(ConnectedComponents, RunLabellingAgreesWithItkOnARandomMask) {
  const std::array<int64_t, 3> size{21, 17, 9};
  std::mt19937 random(3);
  std::bernoulli_distribution coin(0.3);
  std::vector<uint8_t> mask(static_cast<size_t>(size[0] * size[1] * size[2]));
  for (auto& v : mask) v = coin(random) ? 1 : 0;
  for (int connectivity : {6, 26}) {
    const ComponentLabels itk = label_components(mask.data(), size, connectivity);
    const ComponentLabels ours = label_components_by_runs(mask.data(), size, connectivity);
    ASSERT_EQ(itk.count, ours.count) << connectivity;
    ASSERT_GT(itk.count, 1u);
    std::vector<uint32_t> a, b;
    canonical_numbers(itk, a);
    canonical_numbers(ours, b);
    EXPECT_EQ(a, b) << connectivity;
  }
  const uint32_t c6 = label_components(mask.data(), size, 6).count;
  const uint32_t c18 = label_components(mask.data(), size, 18).count;
  const uint32_t c26 = label_components(mask.data(), size, 26).count;
  EXPECT_GE(c6, c18);
  EXPECT_GE(c18, c26);
  EXPECT_GT(c6, c26);
}

// Lesion counts the slow way: ITK labels per voxel, then a scan of every voxel.
LesionCounts lesions_by_voxel_labels(const std::vector<uint8_t>& prediction,
                                     const std::vector<uint8_t>& reference,
                                     const std::array<int64_t, 3>& size, int connectivity) {
  const ComponentLabels ref = label_components(reference.data(), size, connectivity);
  const ComponentLabels pred = label_components(prediction.data(), size, connectivity);
  std::vector<bool> detected(ref.count + 1, false), hits(pred.count + 1, false);
  for (size_t i = 0; i < reference.size(); ++i) {
    if (prediction[i] && reference[i]) detected[ref.labels[i]] = hits[pred.labels[i]] = true;
  }
  LesionCounts c;
  for (uint32_t l = 1; l <= ref.count; ++l) (detected[l] ? c.tp : c.fn) += 1;
  for (uint32_t l = 1; l <= pred.count; ++l) c.fp += hits[l] ? 0 : 1;
  c.reference_lesions = ref.count;
  c.predicted_lesions = pred.count;
  return c;
}

TEST(LesionDetection, RunMatchingAgreesWithVoxelLabelsOnRandomMasks) {
  const MaskGrid grid{{23, 19, 11}, {1, 1, 1}};
  std::mt19937 random(11);
  std::bernoulli_distribution coin(0.12);
  std::vector<uint8_t> prediction(static_cast<size_t>(grid.voxel_count()));
  std::vector<uint8_t> reference(prediction.size());
  for (size_t i = 0; i < prediction.size(); ++i) {
    prediction[i] = coin(random);
    reference[i] = coin(random);
  }
  for (int connectivity : {6, 26}) {
    const LesionCounts fast = lesions_of(prediction, reference, connectivity, grid);
    const LesionCounts slow =
        lesions_by_voxel_labels(prediction, reference, grid.size, connectivity);
    EXPECT_GT(fast.fp, 0) << connectivity;
    EXPECT_GT(fast.fn, 0) << connectivity;
    EXPECT_EQ(fast.tp, slow.tp) << connectivity;
    EXPECT_EQ(fast.fp, slow.fp) << connectivity;
    EXPECT_EQ(fast.fn, slow.fn) << connectivity;
    EXPECT_EQ(fast.reference_lesions, slow.reference_lesions) << connectivity;
    EXPECT_EQ(fast.predicted_lesions, slow.predicted_lesions) << connectivity;
  }
}

TEST(ConnectedComponents, RejectsAnUnknownConnectivity) {
  const std::vector<uint8_t> mask(8, 1);
  EXPECT_THROW(label_components(mask.data(), {2, 2, 2}, 4), std::invalid_argument);
}

}  // namespace
