#include "ves/core/batch.hpp"

#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include "ves/core/error.hpp"

namespace ves {
namespace {

Sample make_case(const std::string& id, std::vector<int64_t> shape, double fracture) {
  Sample s;
  s.case_id = id;
  s.subject_id = "subject-" + id;
  Geometry g;
  g.spacing = {1, 1, fracture + 1};
  s.volumes["image"] = Volume{at::full(shape, fracture), g};
  s.volumes["label"] = Volume{at::zeros(shape, at::kLong), g};
  s.scalars["fracture"] = fracture;
  s.meta["vertebra"] = "L" + id;
  s.history.push_back(TransformRecord{3, g, {4, 5, 6}, {{"offset", 2}}});
  return s;
}

std::string message_of(std::vector<Sample> samples) {
  try {
    Batch::collate(std::move(samples));
  } catch (const DataError& e) {
    return e.what();
  }
  return "no error";
}

TEST(Batch, StacksVolumesAndScalarsAlongANewFirstDimension) {
  const Batch b = Batch::collate({make_case("a", {1, 4, 5, 6}, 0), make_case("b", {1, 4, 5, 6}, 1),
                                  make_case("c", {1, 4, 5, 6}, 1)});
  EXPECT_EQ(b.size(), 3);
  EXPECT_EQ(b.at("image").sizes(), (std::vector<int64_t>{3, 1, 4, 5, 6}));
  EXPECT_EQ(b.at("label").scalar_type(), at::kLong);
  const at::Tensor& fracture = b.at("fracture");
  EXPECT_EQ(fracture.sizes(), (std::vector<int64_t>{3}));
  EXPECT_EQ(fracture.scalar_type(), at::kFloat);
  EXPECT_FLOAT_EQ(fracture[1].item<float>(), 1.0f);
  EXPECT_FLOAT_EQ(b.at("image")[1].mean().item<float>(), 1.0f);
}

TEST(Batch, KeepsEachItemsMetadataAndGeometryButNotItsVoxels) {
  const Batch b =
      Batch::collate({make_case("a", {1, 2, 2, 2}, 0), make_case("b", {1, 2, 2, 2}, 2)});
  const Sample& item = b.items[1];
  EXPECT_EQ(item.case_id, "b");
  EXPECT_EQ(item.subject_id, "subject-b");
  EXPECT_EQ(item.meta_or("vertebra", ""), "Lb");
  EXPECT_EQ(item.scalars.at("fracture"), 2.0);
  ASSERT_EQ(item.history.size(), 1u);
  EXPECT_EQ(item.history[0].values.at("offset"), 2.0);
  EXPECT_FALSE(item.volume("image").data.defined());
  EXPECT_EQ(item.volume("image").geometry.spacing[2], 3.0);
}

TEST(Batch, NamesBothCasesAndShapesWhenShapesDiffer) {
  EXPECT_EQ(message_of({make_case("a", {1, 4, 5, 6}, 0), make_case("b", {1, 4, 5, 7}, 0)}),
            "cannot batch case b: volume 'image' has shape [1, 4, 5, 7], case a has "
            "[1, 4, 5, 6]");
}

TEST(Batch, NamesBothCasesWhenVolumeNamesDiffer) {
  Sample odd = make_case("b", {1, 2, 2, 2}, 0);
  odd.volumes.erase("label");
  EXPECT_EQ(message_of({make_case("a", {1, 2, 2, 2}, 0), odd}),
            "cannot batch case b: it has volumes (image), case a has (image, label)");
}

TEST(Batch, NamesBothCasesWhenScalarNamesDiffer) {
  Sample odd = make_case("b", {1, 2, 2, 2}, 0);
  odd.scalars.clear();
  EXPECT_EQ(message_of({make_case("a", {1, 2, 2, 2}, 0), odd}),
            "cannot batch case b: it has scalars (none), case a has (fracture)");
}

TEST(Batch, RefusesAnEmptyList) {
  EXPECT_THROW(Batch::collate({}), Error);
}

TEST(Batch, ListsItsTensorsWhenOneIsMissing) {
  const Batch b = Batch::collate({make_case("a", {1, 2, 2, 2}, 0)});
  EXPECT_TRUE(b.has("label"));
  EXPECT_FALSE(b.has("prob"));
  try {
    b.at("prob");
    FAIL() << "expected Error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "the batch has no tensor 'prob' (has: fracture, image, label)");
  }
}

TEST(Batch, MovesEveryTensorToADevice) {
  const Batch b = Batch::collate({make_case("a", {1, 2, 2, 2}, 0)});
  const Batch moved = b.to(at::Device(at::kCPU));
  EXPECT_EQ(moved.tensors.size(), 3u);
  EXPECT_TRUE(moved.at("image").device().is_cpu());
  EXPECT_EQ(moved.items.size(), 1u);
}

}  // namespace
}  // namespace ves
