#include "texture.hpp"

#include <ATen/TensorOperators.h>
#include <ATen/ops/zeros.h>
#include <cmath>

namespace {
constexpr double kPi = 3.14159265358979323846;
}

namespace ves::phantom {

WaveTexture WaveTexture::random(Rng& rng, int waves, double min_wavelength_mm,
                                double max_wavelength_mm) {
  WaveTexture texture;
  double total = 0.0;
  for (int i = 0; i < waves; ++i) {
    Wave wave;
    // A normalised Gaussian vector is uniform on the sphere: no preferred direction.
    std::array<double, 3> d{rng.normal(), rng.normal(), rng.normal()};
    const double norm = std::sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]) + 1e-12;
    const double k = 2.0 * kPi / rng.uniform(min_wavelength_mm, max_wavelength_mm);
    for (int a = 0; a < 3; ++a) wave.k[a] = k * d[a] / norm;
    wave.phase = rng.uniform(0.0, 2.0 * kPi);
    wave.amplitude = rng.uniform(0.5, 1.0);
    total += wave.amplitude;
    texture.waves_.push_back(wave);
  }
  for (auto& wave : texture.waves_) wave.amplitude /= total;
  return texture;
}

at::Tensor WaveTexture::evaluate(const Grid& grid) const {
  at::Tensor sum = at::zeros({grid.size[2], grid.size[1], grid.size[0]}, at::kFloat);
  for (const auto& wave : waves_) {
    // The in-plane phase is one slice; only the cosine is evaluated over the volume.
    const at::Tensor plane = grid.x * wave.k[0] + grid.y * wave.k[1] + wave.phase;
    sum.add_((plane + grid.z * wave.k[2]).cos_(), wave.amplitude);
  }
  return sum;
}

}  // namespace ves::phantom
