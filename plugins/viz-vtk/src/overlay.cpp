#include "overlay.hpp"

#include <ATen/ATen.h>

#include "slice_montage.hpp"

namespace ves::viz {
namespace {

/// Voxel counts per slice along `orientation`'s fixed axis of a [Z, Y, X] mask.
at::Tensor per_slice(const at::Tensor& mask, int orientation) {
  std::vector<int64_t> others;
  for (int64_t d = 0; d < 3; ++d)
    if (d != orientation) others.push_back(d);
  return mask.to(at::kLong).sum(others);
}

}  // namespace

at::Tensor mask_boundary(const at::Tensor& mask) {
  const at::Tensor inside = mask.ne(0);
  // Padding with "outside" makes pixels on the picture's edge part of the contour.
  const at::Tensor padded =
      at::constant_pad_nd(inside.to(at::kByte), {1, 1, 1, 1}, 0).to(at::kBool);
  const int64_t rows = inside.size(0), cols = inside.size(1);
  const at::Tensor all_neighbours_in =
      padded.narrow(0, 0, rows).narrow(1, 1, cols) & padded.narrow(0, 2, rows).narrow(1, 1, cols) &
      padded.narrow(0, 1, rows).narrow(1, 0, cols) & padded.narrow(0, 1, rows).narrow(1, 2, cols);
  return inside & ~all_neighbours_in;
}

void paint(at::Tensor& rgb, const at::Tensor& where, const Rgb& colour) {
  for (int64_t c = 0; c < 3; ++c)
    rgb.select(2, c).masked_fill_(where, static_cast<int64_t>(colour[static_cast<size_t>(c)]));
}

ChosenSlices choose_slices(const at::Tensor& reference, const at::Tensor& prediction,
                           int orientation) {
  ChosenSlices chosen;
  const at::Tensor any = reference.defined() ? reference : prediction;
  const int64_t size = any.size(orientation);
  chosen.middle = size / 2;
  chosen.largest = chosen.middle;
  if (reference.defined()) {
    const at::Tensor counts = per_slice(reference.ne(0), orientation);
    if (counts.max().item<int64_t>() > 0) chosen.largest = counts.argmax().item<int64_t>();
  }
  chosen.worst = chosen.largest;
  if (reference.defined() && prediction.defined()) {
    const at::Tensor counts = per_slice(reference.ne(0) ^ prediction.ne(0), orientation);
    if (counts.max().item<int64_t>() > 0) chosen.worst = counts.argmax().item<int64_t>();
  }
  return chosen;
}

at::Tensor overlay_slice(const Volume& image, const std::optional<Volume>& reference,
                         const std::optional<Volume>& prediction, int orientation, int64_t index,
                         double pixel_mm, double lo, double hi) {
  at::Tensor rgb =
      colourise(slice_at(image, orientation, index, pixel_mm), ColourMap::Grey, lo, hi);
  at::Tensor ref_edge, pred_edge;
  if (reference) ref_edge = mask_boundary(slice_at(*reference, orientation, index, pixel_mm, true));
  if (prediction)
    pred_edge = mask_boundary(slice_at(*prediction, orientation, index, pixel_mm, true));
  if (ref_edge.defined()) paint(rgb, ref_edge, kReferenceColour);
  if (pred_edge.defined()) paint(rgb, pred_edge, kPredictionColour);
  if (ref_edge.defined() && pred_edge.defined()) paint(rgb, ref_edge & pred_edge, kBothColour);
  return rgb;
}

}  // namespace ves::viz
