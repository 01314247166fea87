#include "lib/distance_map.hpp"

#include <itkSignedMaurerDistanceMapImageFilter.h>

namespace ves::metrics {

MarkImage::Pointer blank_marks(const std::array<int64_t, 3>& extent,
                               const std::array<double, 3>& spacing) {
  auto image = MarkImage::New();
  MarkImage::RegionType region;
  for (unsigned a = 0; a < 3; ++a) region.SetSize(a, static_cast<itk::SizeValueType>(extent[a]));
  image->SetRegions(region);
  image->SetSpacing(spacing.data());
  image->Allocate(true);
  return image;
}

DistanceImage::Pointer distance_to(const MarkImage::Pointer& marks) {
  using Filter = itk::SignedMaurerDistanceMapImageFilter<MarkImage, DistanceImage>;
  auto filter = Filter::New();
  filter->SetInput(marks);
  filter->SetBackgroundValue(0);
  filter->SetUseImageSpacing(true);
  filter->SetSquaredDistance(false);
  filter->SetInsideIsPositive(false);  // outside the marked set: positive distances
  filter->Update();
  return filter->GetOutput();
}

}  // namespace ves::metrics
