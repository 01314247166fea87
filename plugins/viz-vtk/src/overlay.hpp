#pragma once
// Segmentation overlays: an image slice in grey with the reference and the prediction drawn as
// contours, on the slices a reader would pick (largest lesion, middle, worst disagreement).
#include <ATen/core/Tensor.h>

#include <array>
#include <optional>

#include "ves/core/volume.hpp"

namespace ves::viz {

using Rgb = std::array<uint8_t, 3>;
constexpr Rgb kReferenceColour{40, 220, 40};    // green
constexpr Rgb kPredictionColour{240, 40, 200};  // magenta
constexpr Rgb kBothColour{250, 230, 40};        // yellow: the two contours coincide

/// The pixels of a [rows, cols] mask (nonzero = inside) that are inside and have a 4-neighbour
/// outside it or lie on the picture's edge: its one-pixel inner contour, as bool.
at::Tensor mask_boundary(const at::Tensor& mask);

/// Sets the pixels of rgb [rows, cols, 3] uint8 where `where` ([rows, cols] bool) is true.
void paint(at::Tensor& rgb, const at::Tensor& where, const Rgb& colour);

/// Slice indices of one orientation (0 axial: z, 1 coronal: y, 2 sagittal: x) worth a look:
/// the one with the most reference voxels, the middle one, and the one where reference and
/// prediction disagree most. Without a reference or any lesion, largest is the middle; without
/// any disagreement, worst is the largest.
struct ChosenSlices {
  int64_t largest = 0, middle = 0, worst = 0;
};
ChosenSlices choose_slices(const at::Tensor& reference, const at::Tensor& prediction,
                           int orientation);

/// An image slice (grey over [lo, hi]) with the contours of the reference (green) and the
/// prediction (magenta; yellow where both lie) at `index` of `orientation`, at `pixel_mm`.
/// Masks are [1, Z, Y, X] volumes on the image's grid, or nullopt.
at::Tensor overlay_slice(const Volume& image, const std::optional<Volume>& reference,
                         const std::optional<Volume>& prediction, int orientation, int64_t index,
                         double pixel_mm, double lo, double hi);

}  // namespace ves::viz
