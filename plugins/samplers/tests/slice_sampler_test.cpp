// sampler/slices: slice classes, exactly balanced batches, oversampling, slice extraction.
#include "slice_sampler.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "test_cases.hpp"
#include "ves/core/error.hpp"

using ves::SliceOrientation;
using ves::samplers::SliceBalance;
using ves::samplers::SliceSampler;
using ves::samplers::SliceSamplerOptions;

namespace {

// A [1, 6, 5, 4] case whose mask is 1 in the voxel box z 2..3, y 1, x 0..1.
ves::Sample lesion_case(int id, bool with_lesion) {
  ves::Sample s = samplers_test::indexed_case({6, 5, 4});
  s.case_id = "case_" + std::to_string(id);
  if (with_lesion) s.volumes["label"].data.narrow(1, 2, 2).narrow(2, 1, 1).narrow(3, 0, 2).fill_(1);
  return s;
}

SliceSampler prepared(SliceSamplerOptions options, const std::vector<ves::Sample>& cases) {
  SliceSampler sampler(std::move(options));
  sampler.prepare(std::vector<ves::CaseRef>(cases.size()), [&](size_t k) { return cases[k]; });
  return sampler;
}

std::vector<ves::Sample> six_cases() {
  std::vector<ves::Sample> cases;
  for (int i = 0; i < 6; ++i) cases.push_back(lesion_case(i, i % 2 == 0));
  return cases;
}

}  // namespace

TEST(SliceClasses, AreOneWhereTheSliceHasAnyMaskVoxel) {
  const auto s = lesion_case(0, true);
  const auto& mask = s.volume("label");
  EXPECT_EQ(ves::samplers::slice_classes(mask, SliceOrientation::Axial),
            (std::vector<int64_t>{0, 0, 1, 1, 0, 0}));
  EXPECT_EQ(ves::samplers::slice_classes(mask, SliceOrientation::Coronal),
            (std::vector<int64_t>{0, 1, 0, 0, 0}));
  EXPECT_EQ(ves::samplers::slice_classes(mask, SliceOrientation::Sagittal),
            (std::vector<int64_t>{1, 1, 0, 0}));
}

TEST(SliceSampler, IndexesEverySliceOfEveryOrientation) {
  SliceSamplerOptions options;
  options.orientations = {SliceOrientation::Axial, SliceOrientation::Coronal,
                          SliceOrientation::Sagittal};
  const auto sampler = prepared(options, six_cases());
  // Per lesion case: 2 + 1 + 2 positive slices of 6 + 5 + 4; three such cases.
  EXPECT_EQ(sampler.positives().size(), 15u);
  EXPECT_EQ(sampler.negatives().size(), 6u * 15u - 15u);
}

TEST(SliceSampler, EveryBatchIsExactlyHalfPositiveAndTheSmallerClassSetsTheEpoch) {
  SliceSamplerOptions options;
  options.orientations = {SliceOrientation::Axial, SliceOrientation::Sagittal};
  const auto cases = six_cases();
  auto sampler = prepared(options, cases);
  const size_t positives = sampler.positives().size();  // 3 * (2 + 2) = 12
  ASSERT_EQ(positives, 12u);
  for (int64_t batch_size : {2, 4, 6}) {
    for (uint64_t epoch = 0; epoch < 5; ++epoch) {
      ves::Rng rng = ves::Rng(3).fork(epoch);
      const auto plan = sampler.plan_epoch(cases.size(), batch_size, 0, rng);
      ASSERT_EQ(plan.size(), positives / static_cast<size_t>(batch_size / 2));
      std::set<std::pair<size_t, int64_t>> seen_positive;
      for (const auto& batch : plan) {
        ASSERT_EQ(static_cast<int64_t>(batch.size()), batch_size);
        int64_t count = 0;
        for (const auto& item : batch) {
          // The label planned is the one extraction gives, computed from the slice's own pixels.
          const auto slice = sampler.extract(cases[item.case_index], item, rng);
          const bool any = slice.volume("label").data.gt(0).any().item<bool>();
          ASSERT_EQ(any ? 1 : 0, item.label);
          ASSERT_EQ(slice.scalars.at("slice_label"), static_cast<double>(item.label));
          count += item.label;
          if (item.label)
            seen_positive.insert({item.case_index, item.position[0] * 100 + item.position[1]});
        }
        EXPECT_EQ(count, batch_size / 2);
      }
      // Each positive slice once per epoch when the epoch uses them all.
      if (positives % static_cast<size_t>(batch_size / 2) == 0) {
        EXPECT_EQ(seen_positive.size(), positives);
      }
    }
  }
}

TEST(SliceSampler, BalancedEpochsAreShuffledAndReproducible) {
  const auto cases = six_cases();
  auto sampler = prepared({}, cases);
  auto order = [&](uint64_t seed) {
    ves::Rng rng(seed);
    std::vector<std::string> ids;
    for (const auto& batch : sampler.plan_epoch(cases.size(), 2, 0, rng))
      for (const auto& item : batch)
        ids.push_back(std::to_string(item.case_index) + ":" + std::to_string(item.position[1]));
    return ids;
  };
  EXPECT_EQ(order(1), order(1));
  EXPECT_NE(order(1), order(2));
}

TEST(SliceSampler, WithIterationsKeepsBalancingBeyondOnePassOfTheSmallerClass) {
  const auto cases = six_cases();
  auto sampler = prepared({}, cases);  // axial: 6 positive slices
  ves::Rng rng(5);
  const auto plan = sampler.plan_epoch(cases.size(), 4, 10, rng);
  ASSERT_EQ(plan.size(), 10u);
  for (const auto& batch : plan) {
    int64_t count = 0;
    for (const auto& item : batch) count += item.label;
    EXPECT_EQ(count, 2);
  }
}

TEST(SliceSampler, RefusesAnOddBatchAndAClassTooSmall) {
  const auto cases = six_cases();
  auto sampler = prepared({}, cases);
  ves::Rng rng(1);
  try {
    sampler.plan_epoch(cases.size(), 5, 0, rng);
    FAIL() << "odd batch accepted";
  } catch (const ves::UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("batch_size must be even; got 5"), std::string::npos);
  }
  EXPECT_THROW(sampler.plan_epoch(cases.size(), 14, 0, rng), ves::DataError);  // 6 positives < 7
  auto healthy = prepared({}, {lesion_case(1, false), lesion_case(3, false)});
  try {
    healthy.plan_epoch(2, 2, 0, rng);
    FAIL() << "no positives accepted";
  } catch (const ves::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("0 positive slices"), std::string::npos);
  }
}

TEST(SliceSampler, OversamplingRepeatsEveryPositiveSlice) {
  SliceSamplerOptions options;
  options.balance = SliceBalance::Oversample;
  options.positive_repeat = 3;
  const auto cases = six_cases();
  auto sampler = prepared(options, cases);  // axial: 6 positive, 30 negative
  ves::Rng rng(2);
  const auto plan = sampler.plan_epoch(cases.size(), 4, 0, rng);
  std::map<std::pair<size_t, int64_t>, int> copies;
  size_t items = 0;
  for (const auto& batch : plan) {
    EXPECT_EQ(batch.size(), 4u);
    for (const auto& item : batch) {
      ++items;
      if (item.label) ++copies[{item.case_index, item.position[1]}];
    }
  }
  EXPECT_EQ(items, 48u);  // 30 + 6 * 3
  EXPECT_EQ(copies.size(), 6u);
  for (const auto& [slice, n] : copies) EXPECT_EQ(n, 3);
}

TEST(SliceSampler, ExtractsTheSameSliceFromEveryVolumeWithItsPlace) {
  SliceSamplerOptions options;
  options.orientations = {SliceOrientation::Coronal};
  const auto cases = six_cases();
  auto sampler = prepared(options, cases);
  ves::Rng rng(1);
  const ves::ItemRef item{2, {0, 1}, 1, "coronal"};
  const auto slice = sampler.extract(cases[2], item, rng);
  const auto expected = ves::extract_slice(cases[2].volume("image"), SliceOrientation::Coronal, 1);
  EXPECT_TRUE(at::equal(slice.volume("image").data, expected.data));
  EXPECT_TRUE(at::equal(slice.volume("error_map").data, expected.data * 2));
  EXPECT_EQ(slice.volume("label").data.sizes(), (std::vector<int64_t>{1, 6, 4}));
  EXPECT_EQ(slice.case_id, "case_2_coronal_001");
  EXPECT_EQ(slice.meta.at("source_case"), "case_2");
  EXPECT_EQ(slice.meta.at("orientation"), "coronal");
  EXPECT_EQ(slice.meta.at("slice_index"), "1");
  EXPECT_EQ(slice.meta.at("vertebra"), "L1");
}

TEST(SliceSampler, TakesTwoDimensionalCasesWholeWithTheirClassColumn) {
  std::vector<ves::Sample> cases;
  for (int i = 0; i < 4; ++i) {
    ves::Sample s = samplers_test::indexed_case({5, 4});  // [1, 5, 4]: a pre-cut slice
    s.case_id = "slice_" + std::to_string(i);
    s.scalars["fracture"] = i < 2 ? 1.0 : 0.0;
    cases.push_back(s);
  }
  SliceSamplerOptions options;
  options.class_from = "fracture";
  auto sampler = prepared(options, cases);
  EXPECT_EQ(sampler.positives().size(), 2u);
  ves::Rng rng(1);
  const auto plan = sampler.plan_epoch(cases.size(), 2, 0, rng);
  ASSERT_EQ(plan.size(), 2u);
  const auto item = sampler.extract(cases[plan[0][0].case_index], plan[0][0], rng);
  EXPECT_EQ(item.volume("image").data.dim(), 3);
  EXPECT_EQ(item.scalars.at("slice_label"), static_cast<double>(plan[0][0].label));
}
