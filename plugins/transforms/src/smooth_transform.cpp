// Gaussian smoothing in millimetres (ITK's discrete Gaussian on the physical grid), e.g. of a
// VQ-VAE's reconstruction-error map before it is scored:
//
//   - type: gaussian_smooth
//     sigma_mm: 4.0           # standard deviation in mm, the same along every axis
//     keys: [error]           # volumes to smooth, every channel on its own
#include <ATen/ops/stack.h>
#include <itkDiscreteGaussianImageFilter.h>

#include <cmath>

#include "registration.hpp"
#include "transform_support.hpp"
#include "ves/core/itk_bridge.hpp"

namespace ves::transforms {
namespace {

class GaussianSmooth final : public CaseTransform {
 public:
  explicit GaussianSmooth(const config::Params& p)
      : CaseTransform("gaussian_smooth"),
        keys_(p.get_strings("keys")),
        sigma_mm_(p.get_double("sigma_mm")) {
    if (!(sigma_mm_ > 0.0)) throw p.error("sigma_mm", "must be > 0");
  }

  void run(Sample& sample, size_t) const override {
    for (const auto& key : keys_) {
      Volume& volume = sample.volume(key);
      std::vector<at::Tensor> channels;
      for (int64_t c = 0; c < volume.data.size(0); ++c)
        channels.push_back(smoothed(volume, c).data.reshape(volume.data.sizes().slice(1)));
      volume.data = at::stack(channels).to(volume.data.device());
    }
  }

 private:
  Volume smoothed(const Volume& volume, int64_t channel) const {
    using Filter = itk::DiscreteGaussianImageFilter<ItkImage3f, ItkImage3f>;
    auto filter = Filter::New();
    filter->SetInput(itk_from_volume(volume, channel));
    filter->SetUseImageSpacing(true);  // variance in mm^2
    filter->SetVariance(sigma_mm_ * sigma_mm_);
    filter->SetMaximumError(1e-4);
    // Wide enough that the kernel is never truncated: 4 sigma each side on the finest axis.
    double finest = volume.geometry.spacing[0];
    for (double s : volume.geometry.spacing) finest = std::min(finest, s);
    filter->SetMaximumKernelWidth(2 * static_cast<int>(std::ceil(4.0 * sigma_mm_ / finest)) + 1);
    filter->Update();
    return volume_from_itk(ItkImage3f::Pointer(filter->GetOutput()));
  }

  std::vector<std::string> keys_;
  double sigma_mm_;
};

}  // namespace

void register_smooth(Registry& registry) {
  config::Schema schema;
  schema.real("sigma_mm", 2.0, "standard deviation of the Gaussian in mm (every axis)", 0.0);
  schema.texts("keys", std::vector<std::string>{"image"},
               "volumes to smooth (each channel on its own), e.g. [error]");
  registry.add<Transform>(
      "gaussian_smooth", "Gaussian smoothing with a standard deviation in mm (ITK)", schema,
      [](const config::Params& p, const Context&) { return std::make_unique<GaussianSmooth>(p); });
}

}  // namespace ves::transforms
