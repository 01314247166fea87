// Dice and IoU agree with ITK's LabelOverlapMeasuresImageFilter on random masks.
#include <gtest/gtest.h>
#include <itkImage.h>
#include <itkLabelOverlapMeasuresImageFilter.h>

#include <algorithm>
#include <random>

#include "lib/segmentation_metrics.hpp"

namespace {

using Image = itk::Image<uint8_t, 3>;

Image::Pointer itk_image(const std::vector<uint8_t>& mask, const ves::metrics::MaskGrid& grid) {
  auto image = Image::New();
  Image::RegionType region;
  for (unsigned a = 0; a < 3; ++a) region.SetSize(a, static_cast<itk::SizeValueType>(grid.size[a]));
  image->SetRegions(region);
  image->Allocate();
  std::copy(mask.begin(), mask.end(), image->GetBufferPointer());
  return image;
}

TEST(ItkLabelOverlap, DiceAndIouMatchOnRandomMasks) {
  const ves::metrics::MaskGrid grid{{17, 13, 9}, {0.7, 1.2, 3.0}};
  std::mt19937 rng(7);
  for (double density : {0.05, 0.3, 0.7}) {
    std::bernoulli_distribution voxel(density);
    std::vector<uint8_t> pred(static_cast<size_t>(grid.voxel_count()));
    std::vector<uint8_t> ref(pred.size());
    for (size_t i = 0; i < pred.size(); ++i) {
      pred[i] = voxel(rng);
      ref[i] = voxel(rng);
    }
    using Filter = itk::LabelOverlapMeasuresImageFilter<Image>;
    auto filter = Filter::New();
    filter->SetSourceImage(itk_image(pred, grid));
    filter->SetTargetImage(itk_image(ref, grid));
    filter->Update();
    ves::metrics::MetricOptions options;
    options.lesion_wise = false;
    options.surface_wise = false;
    const auto m = ves::metrics::compute_segmentation_metrics(pred, ref, grid, options);
    EXPECT_NEAR(m.overlap.dice, filter->GetDiceCoefficient(1), 1e-12) << density;
    EXPECT_NEAR(m.overlap.iou, filter->GetJaccardCoefficient(1), 1e-12) << density;
  }
}

}  // namespace
