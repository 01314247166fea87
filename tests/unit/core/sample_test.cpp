#include "ves/core/sample.hpp"

#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include "ves/core/error.hpp"

namespace ves {
namespace {

Sample two_volume_case() {
  Sample s;
  s.case_id = "c7";
  s.volumes["image"] = Volume{at::zeros({1, 2, 2, 2}), {}};
  s.volumes["label"] = Volume{at::ones({1, 2, 2, 2}), {}};
  s.meta["vertebra"] = "L1";
  return s;
}

TEST(Sample, ReturnsANamedVolume) {
  Sample s = two_volume_case();
  EXPECT_TRUE(s.has_volume("label"));
  EXPECT_EQ(s.volume("label").data.sum().item<float>(), 8.0f);
  const Sample& view = s;
  EXPECT_EQ(view.volume("image").channels(), 1);
}

TEST(Sample, NamesTheCaseAndTheVolumesItHasWhenOneIsMissing) {
  const Sample s = two_volume_case();
  try {
    s.volume("prob");
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_STREQ(e.what(), "case c7: no volume 'prob' (has: image, label)");
  }
}

TEST(Sample, SaysItHasNoVolumesWhenEmpty) {
  Sample s;
  s.case_id = "x";
  EXPECT_THROW(
      {
        try {
          s.volume("image");
        } catch (const DataError& e) {
          EXPECT_STREQ(e.what(), "case x: no volume 'image' (has: none)");
          throw;
        }
      },
      DataError);
}

TEST(Sample, ReturnsMetadataOrTheFallback) {
  const Sample s = two_volume_case();
  EXPECT_EQ(s.meta_or("vertebra", "?"), "L1");
  EXPECT_EQ(s.meta_or("orientation", "axial"), "axial");
}

}  // namespace
}  // namespace ves
