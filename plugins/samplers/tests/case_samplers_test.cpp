// Whole-case and grid samplers: plans, windows, coverage.
#include "case_samplers.hpp"

#include <gtest/gtest.h>

#include "test_cases.hpp"
#include "ves/core/error.hpp"

using ves::samplers::FullVolumeSampler;
using ves::samplers::GridSampler;
using Ints = std::vector<int64_t>;

namespace {

std::vector<std::vector<size_t>> case_indices(const std::vector<std::vector<ves::ItemRef>>& plan) {
  std::vector<std::vector<size_t>> out;
  for (const auto& batch : plan) {
    auto& row = out.emplace_back();
    for (const auto& item : batch) row.push_back(item.case_index);
  }
  return out;
}

using Plan = std::vector<std::vector<size_t>>;

}  // namespace

TEST(FullVolumeSampler, PlansEveryCaseOnceInOrder) {
  FullVolumeSampler sampler;
  ves::Rng rng(1);
  EXPECT_EQ(case_indices(sampler.plan_epoch(5, 2, 0, rng)), (Plan{{0, 1}, {2, 3}, {4}}));
  EXPECT_EQ(case_indices(sampler.plan_epoch(3, 1, 0, rng)), (Plan{{0}, {1}, {2}}));
  // Asked for 4 batches of 2: goes round the cases again.
  EXPECT_EQ(case_indices(sampler.plan_epoch(5, 2, 4, rng)), (Plan{{0, 1}, {2, 3}, {4, 0}, {1, 2}}));
  EXPECT_THROW(sampler.plan_epoch(5, 0, 0, rng), ves::UsageError);
}

TEST(FullVolumeSampler, ExtractsTheWholeCase) {
  const auto whole = samplers_test::indexed_case({3, 4, 5});
  ves::Rng rng(1);
  const auto item = FullVolumeSampler().extract(whole, {}, rng);
  EXPECT_TRUE(at::equal(item.volume("image").data, whole.volume("image").data));
  EXPECT_EQ(item.case_id, "case_7");
}

TEST(GridSampler, RefusesToPlanBeforePrepare) {
  GridSampler sampler({4, 4, 4}, 0.5, {});
  ves::Rng rng(1);
  EXPECT_THROW(sampler.plan_epoch(2, 1, 0, rng), ves::UsageError);
}

TEST(GridSampler, PlansEveryWindowOfEveryCaseAndTheyCoverEachCase) {
  // Case 0: 5 x 9 x 10 -> 2 * 4 * 4 = 32 windows; case 1: 3 x 4 x 4 -> 1 (padded in z).
  const std::vector<ves::Sample> cases{samplers_test::indexed_case({5, 9, 10}),
                                       samplers_test::indexed_case({3, 4, 4})};
  GridSampler sampler({4, 4, 4}, 0.5, {-1.0, "label"});
  int loads = 0;
  sampler.prepare(std::vector<ves::CaseRef>(2), [&](size_t i) {
    ++loads;
    return cases[i];
  });
  EXPECT_EQ(loads, 2);
  ves::Rng rng(1);
  const auto plan = sampler.plan_epoch(2, 4, 0, rng);
  ASSERT_EQ(plan.size(), 9u);  // ceil(33 / 4)
  EXPECT_EQ(plan.back().size(), 1u);
  EXPECT_EQ(plan[0][1].position, (Ints{0, 0, 2}));
  EXPECT_EQ(plan[1][0].position, (Ints{0, 2, 0}));
  EXPECT_EQ(plan.back()[0].case_index, 1u);
  EXPECT_EQ(plan.back()[0].position, (Ints{0, 0, 0}));

  at::Tensor hits = at::zeros({5, 9, 10}, at::kInt);
  for (const auto& batch : plan) {
    for (const auto& item : batch) {
      const auto patch = sampler.extract(cases[item.case_index], item, rng);
      ASSERT_EQ(patch.volume("image").data.sizes(), (Ints{1, 4, 4, 4}));
      EXPECT_EQ(patch.meta.at("patch_corner"), ves::samplers::corner_text(item.position));
      if (item.case_index == 1) {
        // z 3..3 is padding with the pad value.
        EXPECT_TRUE((patch.volume("image").data.narrow(1, 3, 1) == -1).all().item<bool>());
        continue;
      }
      const auto& c = item.position;
      const at::Tensor region =
          cases[0].volume("image").data.narrow(1, c[0], 4).narrow(2, c[1], 4).narrow(3, c[2], 4);
      EXPECT_TRUE(at::equal(patch.volume("image").data, region));
      hits.narrow(0, c[0], 4).narrow(1, c[1], 4).narrow(2, c[2], 4) += 1;
    }
  }
  EXPECT_GE(hits.min().item<int>(), 1);
  // Asked for 3 batches: the first 12 windows.
  EXPECT_EQ(sampler.plan_epoch(2, 4, 3, rng).size(), 3u);
}
