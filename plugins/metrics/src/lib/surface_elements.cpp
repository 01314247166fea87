#include "lib/surface_elements.hpp"

#include <algorithm>
#include <cmath>

#include "lib/distance_map.hpp"

namespace ves::metrics {
namespace {

struct SurfelTriangles {
  int count;
  int area_x8[4][3];  // |area vector| components x8, voxel units
};

// Generated from VTK's marching cubes by tools/generate_surfel_table.cpp.
constexpr SurfelTriangles kSurfelTriangles[256] = {
#include "lib/surfel_normals.inc"
};

// The mask inside `box` with one zero voxel around it: (extent + 2) per axis, x fastest.
std::vector<uint8_t> padded_crop(const uint8_t* mask, const MaskGrid& grid, const VoxelBox& box,
                                 const std::array<int64_t, 3>& padded) {
  std::vector<uint8_t> out(static_cast<size_t>(padded[0] * padded[1] * padded[2]), 0);
  const int64_t nx = grid.size[0], ny = grid.size[1];
  for (int64_t z = box.lo[2]; z <= box.hi[2]; ++z)
    for (int64_t y = box.lo[1]; y <= box.hi[1]; ++y) {
      const uint8_t* row = mask + nx * (y + ny * z);
      uint8_t* to =
          out.data() + 1 + padded[0] * ((y - box.lo[1] + 1) + padded[1] * (z - box.lo[2] + 1));
      for (int64_t x = box.lo[0]; x <= box.hi[0]; ++x) to[x - box.lo[0]] = row[x] != 0;
    }
  return out;
}

struct CornerCodes {
  std::vector<uint8_t> code;  // per corner point, x fastest
  MarkImage::Pointer border;  // corners whose neighbourhood is neither all out nor all in
};

// Codes of the corner grid (extent + 1 points per axis; corner c lies between voxels c-1 and c).
// In 2-D (one slice) the 2x2 code of the x-y plane.
CornerCodes corner_codes(const uint8_t* padded, const std::array<int64_t, 3>& psize,
                         const std::array<int64_t, 3>& corners,
                         const std::array<double, 3>& spacing, bool planar) {
  CornerCodes out;
  out.code.assign(static_cast<size_t>(corners[0] * corners[1] * corners[2]), 0);
  out.border = blank_marks(corners, spacing);
  uint8_t* border = out.border->GetBufferPointer();
  const int64_t sx = 1, sy = psize[0], sz = psize[0] * psize[1];
  const int full = planar ? 15 : 255;
  size_t at = 0;
  for (int64_t z = 0; z < corners[2]; ++z)
    for (int64_t y = 0; y < corners[1]; ++y) {
      const uint8_t* p = padded + sy * y + sz * z;
      for (int64_t x = 0; x < corners[0]; ++x, ++at, ++p) {
        int code;
        if (planar)
          code = 8 * p[0] + 4 * p[sy] + 2 * p[sx] + p[sx + sy];
        else
          code = 128 * p[0] + 64 * p[sz] + 32 * p[sy] + 16 * p[sy + sz] + 8 * p[sx] +
                 4 * p[sx + sz] + 2 * p[sx + sy] + p[sx + sy + sz];
        out.code[at] = static_cast<uint8_t>(code);
        border[at] = code != 0 && code != full;
      }
    }
  return out;
}

WeightedDistances weighted(const CornerCodes& from, const DistanceImage::Pointer& to_map,
                           const double* area_of_code) {
  WeightedDistances out;
  out.distance = distances_at(from.border, to_map);
  out.area.reserve(out.distance.size());
  const uint8_t* border = from.border->GetBufferPointer();
  for (size_t i = 0; i < from.code.size(); ++i)
    if (border[i]) out.area.push_back(area_of_code[from.code[i]]);
  return out;
}

}  // namespace

std::array<double, 256> surfel_areas(const std::array<double, 3>& spacing) {
  // An area vector (ax, ay, az) in voxel units spans (ay, az) faces etc.: scale each component
  // by the area of the face it is normal to.
  const double face[3] = {spacing[1] * spacing[2], spacing[0] * spacing[2],
                          spacing[0] * spacing[1]};
  std::array<double, 256> areas{};
  for (int code = 0; code < 256; ++code) {
    const SurfelTriangles& t = kSurfelTriangles[code];
    for (int i = 0; i < t.count; ++i) {
      double squares = 0;
      for (int d = 0; d < 3; ++d) squares += std::pow(t.area_x8[i][d] / 8.0 * face[d], 2);
      areas[static_cast<size_t>(code)] += std::sqrt(squares);
    }
  }
  return areas;
}

std::array<double, 16> contour_lengths(double spacing_x, double spacing_y) {
  const double diagonal = 0.5 * std::hypot(spacing_x, spacing_y);
  std::array<double, 16> lengths{};
  for (int code = 1; code < 15; ++code) {
    const int corners = (code & 1) + ((code >> 1) & 1) + ((code >> 2) & 1) + ((code >> 3) & 1);
    if (corners != 2) {
      lengths[static_cast<size_t>(code)] = diagonal;  // one corner cut off (or all but one)
    } else if (code == 6 || code == 9) {
      lengths[static_cast<size_t>(code)] = 2 * diagonal;  // opposite corners: two cuts
    } else if (code == 3 || code == 12) {
      lengths[static_cast<size_t>(code)] = spacing_y;  // one x row inside: a line along y
    } else {
      lengths[static_cast<size_t>(code)] = spacing_x;  // one y column inside: a line along x
    }
  }
  return lengths;
}

SurfaceElementDistances surface_element_distances(const uint8_t* prediction,
                                                  const uint8_t* reference, const MaskGrid& grid,
                                                  const VoxelBox& box) {
  SurfaceElementDistances out;
  if (box.empty()) return out;
  const bool planar = grid.size[2] == 1;
  const auto extent = box.extent();
  std::array<int64_t, 3> padded{extent[0] + 2, extent[1] + 2, extent[2] + 2};
  std::array<int64_t, 3> corners{extent[0] + 1, extent[1] + 1, extent[2] + 1};
  if (planar) corners[2] = 1;
  std::array<double, 256> area_of_code{};
  if (planar) {
    const auto lengths = contour_lengths(grid.spacing[0], grid.spacing[1]);
    std::copy(lengths.begin(), lengths.end(), area_of_code.begin());
  } else {
    area_of_code = surfel_areas(grid.spacing);
  }
  // A 2-D mask's corners read its one slice (padded z index 1), not the zero layer before it.
  const int64_t slice_offset = planar ? padded[0] * padded[1] : 0;
  const auto codes_of = [&](const uint8_t* mask) {
    const auto crop = padded_crop(mask, grid, box, padded);
    return corner_codes(crop.data() + slice_offset, padded, corners, grid.spacing, planar);
  };
  const CornerCodes pred = codes_of(prediction);
  const CornerCodes ref = codes_of(reference);
  const auto any_code = [](const CornerCodes& c) {
    return std::any_of(c.code.begin(), c.code.end(), [](uint8_t code) { return code != 0; });
  };
  out.prediction_empty = !any_code(pred);
  out.reference_empty = !any_code(ref);
  if (out.prediction_empty || out.reference_empty) return out;  // the empty-mask rule decides
  out.pred_to_ref = weighted(pred, distance_to(ref.border), area_of_code.data());
  out.ref_to_pred = weighted(ref, distance_to(pred.border), area_of_code.data());
  return out;
}

}  // namespace ves::metrics
