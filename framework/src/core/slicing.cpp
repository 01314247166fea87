// Slices of 3-D volumes along array axes, keeping each pixel's physical position.
#include "ves/core/slicing.hpp"

#include <ATen/ATen.h>
#include <fmt/format.h>

#include "ves/core/error.hpp"

namespace ves {
namespace {

// Array axes in ITK order (0 = x, 1 = y, 2 = z): the fixed one, then the slice's columns and rows.
struct Axes {
  int fixed, column, row;
};

Axes axes_of(SliceOrientation orientation) {
  switch (orientation) {
    case SliceOrientation::Axial:
      return {2, 0, 1};
    case SliceOrientation::Coronal:
      return {1, 0, 2};
    case SliceOrientation::Sagittal:
      break;
  }
  return {0, 1, 2};
}

// Tensor dimension of array axis `axis` in a [C, Z, Y, X] tensor.
int64_t dim_of(int axis) {
  return 3 - axis;
}

void require_3d(const Volume& volume, SliceOrientation orientation) {
  if (!volume.data.defined() || volume.data.dim() != 4) {
    throw DataError(fmt::format(
        "cannot take a {} slice of a volume shaped [{}]: expected [C, Z, Y, X]",
        slice_orientation_name(orientation),
        volume.data.defined() ? fmt::format("{}", fmt::join(volume.data.sizes(), ", ")) : ""));
  }
}

void require_index(const Volume& volume, SliceOrientation orientation, int64_t index) {
  const int64_t count = slice_count(volume, orientation);
  if (index < 0 || index >= count) {
    throw DataError(fmt::format("{} slice {} is out of range: the volume has {} (0..{})",
                                slice_orientation_name(orientation), index, count, count - 1));
  }
}

Geometry slice_geometry(const Geometry& g, Axes axes, int64_t index) {
  Geometry out;
  const int order[3] = {axes.column, axes.row, axes.fixed};
  for (int j = 0; j < 3; ++j) {
    out.spacing[j] = g.spacing[order[j]];
    for (int r = 0; r < 3; ++r) out.direction[r * 3 + j] = g.direction[r * 3 + order[j]];
  }
  std::array<double, 3> corner{0.0, 0.0, 0.0};
  corner[axes.fixed] = static_cast<double>(index);
  out.origin = g.index_to_physical(corner);
  return out;
}

}  // namespace

SliceOrientation parse_slice_orientation(const std::string& name) {
  if (name == "axial") return SliceOrientation::Axial;
  if (name == "coronal") return SliceOrientation::Coronal;
  if (name == "sagittal") return SliceOrientation::Sagittal;
  throw Error("unknown slice orientation '" + name + "': expected axial, coronal or sagittal");
}

std::vector<SliceOrientation> parse_slice_orientations(const std::vector<std::string>& names) {
  if (names.empty()) throw Error("needs at least one orientation: axial, coronal or sagittal");
  std::vector<SliceOrientation> out;
  for (const auto& name : names) out.push_back(parse_slice_orientation(name));
  return out;
}

std::string slice_orientation_name(SliceOrientation orientation) {
  switch (orientation) {
    case SliceOrientation::Axial:
      return "axial";
    case SliceOrientation::Coronal:
      return "coronal";
    case SliceOrientation::Sagittal:
      break;
  }
  return "sagittal";
}

int64_t slice_count(const Volume& volume, SliceOrientation orientation) {
  require_3d(volume, orientation);
  return volume.data.size(dim_of(axes_of(orientation).fixed));
}

Volume extract_slice(const Volume& volume, SliceOrientation orientation, int64_t index) {
  require_index(volume, orientation, index);
  const Axes axes = axes_of(orientation);
  Volume slice;
  slice.data = volume.data.select(dim_of(axes.fixed), index).clone(at::MemoryFormat::Contiguous);
  slice.geometry = slice_geometry(volume.geometry, axes, index);
  return slice;
}

std::vector<Volume> extract_slices(const Volume& volume, SliceOrientation orientation) {
  std::vector<Volume> slices;
  const int64_t count = slice_count(volume, orientation);
  slices.reserve(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) slices.push_back(extract_slice(volume, orientation, i));
  return slices;
}

void insert_slice(Volume& volume, const Volume& slice, SliceOrientation orientation,
                  int64_t index) {
  require_index(volume, orientation, index);
  at::Tensor target = volume.data.select(dim_of(axes_of(orientation).fixed), index);
  if (!slice.data.defined() || slice.data.sizes() != target.sizes()) {
    throw DataError(fmt::format(
        "cannot put a slice shaped [{}] into {} slice {} of a volume shaped [{}]",
        slice.data.defined() ? fmt::format("{}", fmt::join(slice.data.sizes(), ", ")) : "",
        slice_orientation_name(orientation), index, fmt::join(volume.data.sizes(), ", ")));
  }
  target.copy_(slice.data);
}

}  // namespace ves
