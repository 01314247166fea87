#pragma once
// Band-limited random texture in closed form: a sum of plane waves.
#include <ATen/core/Tensor.h>
#include <array>
#include <vector>

#include "grid.hpp"
#include "ves/core/rng.hpp"

namespace ves::phantom {

/// A sum of plane waves with random directions, wavelengths, phases and amplitudes. Its
/// spectrum is confined to the chosen wavelengths, so it gives smooth organ texture (long
/// waves) or trabecular-like patterns (short waves) without convolutions or per-voxel loops,
/// and it is defined in mm, so it looks the same on any spacing.
class WaveTexture {
 public:
  WaveTexture() = default;
  /// `waves` waves with wavelengths uniform in [min_wavelength_mm, max_wavelength_mm].
  static WaveTexture random(Rng& rng, int waves, double min_wavelength_mm,
                            double max_wavelength_mm);
  /// Texture value at every voxel, [Z, Y, X] float32, always within [-1, 1].
  at::Tensor evaluate(const Grid& grid) const;

 private:
  struct Wave {
    std::array<double, 3> k{};  ///< wave vector, radians per mm
    double phase = 0.0;
    double amplitude = 0.0;  ///< normalised so the amplitudes sum to 1
  };
  std::vector<Wave> waves_;
};

}  // namespace ves::phantom
