#include "lib/connected_components.hpp"

#include <itkConnectedComponentImageFilter.h>
#include <itkImage.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "lib/component_runs.hpp"

namespace ves::metrics {
namespace {

using MaskImage = itk::Image<uint8_t, 3>;
using LabelImage = itk::Image<uint32_t, 3>;

ComponentLabels label_with_itk(const uint8_t* mask, const std::array<int64_t, 3>& size,
                               bool fully_connected) {
  const auto n = static_cast<size_t>(size[0] * size[1] * size[2]);
  auto image = MaskImage::New();
  MaskImage::SizeType itk_size;
  for (unsigned a = 0; a < 3; ++a) itk_size[a] = static_cast<itk::SizeValueType>(size[a]);
  image->SetRegions(MaskImage::RegionType(itk_size));
  // The filter only reads its input, so the caller's buffer is wrapped, not copied.
  auto pixels = MaskImage::PixelContainer::New();
  pixels->SetImportPointer(const_cast<uint8_t*>(mask), n, /*LetContainerManageMemory=*/false);
  image->SetPixelContainer(pixels);

  auto filter = itk::ConnectedComponentImageFilter<MaskImage, LabelImage>::New();
  filter->SetInput(image);
  filter->SetFullyConnected(fully_connected);
  filter->Update();
  const uint32_t* out = filter->GetOutput()->GetBufferPointer();
  return {std::vector<uint32_t>(out, out + n), static_cast<uint32_t>(filter->GetObjectCount())};
}

}  // namespace

void check_connectivity(int connectivity) {
  if (connectivity != 6 && connectivity != 18 && connectivity != 26)
    throw std::invalid_argument("connectivity must be 6, 18 or 26, not " +
                                std::to_string(connectivity));
}

ComponentLabels label_components(const uint8_t* mask, const std::array<int64_t, 3>& size,
                                 int connectivity) {
  check_connectivity(connectivity);
  if (connectivity == 18) return label_components_by_runs(mask, size, connectivity);
  return label_with_itk(mask, size, connectivity == 26);
}

ComponentLabels label_components_by_runs(const uint8_t* mask, const std::array<int64_t, 3>& size,
                                         int connectivity) {
  const RunComponents components = run_components(mask, size, connectivity);
  ComponentLabels result;
  result.labels.assign(static_cast<size_t>(size[0] * size[1] * size[2]), 0);
  result.count = components.count;
  for (size_t r = 0; r < components.runs.size(); ++r) {
    const auto& run = components.runs[r];
    uint32_t* line = result.labels.data() + run.row * size[0];
    std::fill(line + run.first, line + run.last + 1, components.component[r] + 1);
  }
  return result;
}

}  // namespace ves::metrics
