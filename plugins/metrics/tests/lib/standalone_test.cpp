// The library stands alone: its headers pull in no libtorch and no framework header, and this
// binary links only ves_metrics_core (standard library + ITK).
#include "lib/component_runs.hpp"
#include "lib/confusion.hpp"
#include "lib/connected_components.hpp"
#include "lib/empty_rule.hpp"
#include "lib/lesions.hpp"
#include "lib/mask_grid.hpp"
#include "lib/overlap.hpp"
#include "lib/segmentation_metrics.hpp"
#include "lib/size_buckets.hpp"
#include "lib/surface_distance.hpp"

#if defined(C10_MACROS_MACROS_H_) || defined(TORCH_API)
#error "a metrics library header includes libtorch"
#endif

#include <gtest/gtest.h>

namespace {

TEST(StandaloneLibrary, ScoresMasksFromPlainVectors) {
  // 2 x 1 x 1 grid; reference both voxels, prediction the first: Dice = 2 / 3.
  const ves::metrics::MaskGrid grid{{2, 1, 1}, {1.0, 1.0, 1.0}};
  const auto m = ves::metrics::compute_segmentation_metrics(std::vector<uint8_t>{1, 0},
                                                            std::vector<uint8_t>{1, 1}, grid);
  EXPECT_DOUBLE_EQ(m.overlap.dice, 2.0 / 3.0);
  EXPECT_EQ(m.lesions.tp, 1);
}

}  // namespace
