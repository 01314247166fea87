#pragma once
// Middle slices of 3-D volumes as one RGB picture: a row per volume, a column per orientation
// (axial, coronal, sagittal), each panel at the volume's physical aspect ratio.
#include <ATen/core/Tensor.h>

#include <string>
#include <vector>

#include "ves/core/volume.hpp"

namespace ves::viz {

/// How a panel's values become colours: grey between lo and hi, or a heat map from lo (black)
/// through red and yellow to white at hi.
enum class ColourMap { Grey, Heat };

/// One row of the montage: channel 0 of `volume`, mapped with `colours` over [lo, hi].
struct MontageRow {
  std::string title;
  Volume volume;
  ColourMap colours = ColourMap::Grey;
  double lo = 0.0, hi = 1.0;
};

/// The middle slice of channel 0 of a [C, Z, Y, X] volume in one orientation, resampled
/// (bilinear) to square pixels of `pixel_mm`, as [rows, cols] float: axial (z fixed; rows y,
/// cols x), coronal (y fixed; rows z, top = highest z, cols x), sagittal (x fixed; rows z, top =
/// highest z, cols y). Index axes are taken as the patient axes (no reorientation).
at::Tensor middle_slice(const Volume& volume, int orientation, double pixel_mm);
/// Slice `index` (along z, y or x for axial, coronal, sagittal; -1 = the middle) resampled as
/// middle_slice does, bilinear or, for label maps, `nearest`.
at::Tensor slice_at(const Volume& volume, int orientation, int64_t index, double pixel_mm,
                    bool nearest = false);

/// Values mapped to RGB [rows, cols, 3] uint8 (NaN becomes black).
at::Tensor colourise(const at::Tensor& slice, ColourMap colours, double lo, double hi);

/// The montage as [H, W, 3] uint8: rows of three square panels `panel_px` wide (black
/// letterbox around each slice, a 2-pixel gap between panels), above them a `header_px` high
/// strip for titles. Every row uses the same mm per pixel: the largest extent of the first
/// volume fills a panel.
at::Tensor slice_montage(const std::vector<MontageRow>& rows, int64_t panel_px,
                         int64_t header_px = 0);

/// RGB panels ([h, w, 3] uint8) laid out in rows, each centred in a `panel_px` square (cropped
/// to its centre when larger), 2-pixel gaps, a `header_px` strip on top; [H, W, 3] uint8.
at::Tensor panel_grid(const std::vector<std::vector<at::Tensor>>& panels, int64_t panel_px,
                      int64_t header_px);
/// The mm per pixel at which the largest extent of `volume` fills `panel_px` pixels.
double pixel_mm_for(const Volume& volume, int64_t panel_px);

/// A vertical colour bar [height, width, 3] uint8 of `colours`: `hi` at the top row, `lo` at the
/// bottom row.
at::Tensor colour_bar(ColourMap colours, double lo, double hi, int64_t height, int64_t width);

/// Robust display range of a volume: its `lower` and `upper` percentiles (0..100).
std::pair<double, double> display_range(const Volume& volume, double lower, double upper);

}  // namespace ves::viz
