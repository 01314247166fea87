#include "lib/surface_elements.hpp"

#include <algorithm>
#include <cmath>

#include "lib/border_distances.hpp"

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

// The surface elements of one mask: corner points (raster order) and their codes.
struct Elements {
  std::vector<GridPoint> points;
  std::vector<uint8_t> codes;
};

// Codes of the corner grid (extent + 1 points per axis; corner c lies between voxels c-1 and c);
// in 2-D (one slice) the 2x2 code of the x-y plane. Keeps the corners whose code is neither all
// out nor all in.
Elements elements_of(const uint8_t* padded, const std::array<int64_t, 3>& psize,
                     const std::array<int64_t, 3>& corners, bool planar) {
  Elements out;
  const int64_t sx = 1, sy = psize[0], sz = psize[0] * psize[1];
  const int full = planar ? 15 : 255;
  for (int64_t z = 0; z < corners[2]; ++z)
    for (int64_t y = 0; y < corners[1]; ++y) {
      const uint8_t* p = padded + sy * y + sz * z;
      for (int64_t x = 0; x < corners[0]; ++x, ++p) {
        int code;
        if (planar)
          code = 8 * p[0] + 4 * p[sy] + 2 * p[sx] + p[sx + sy];
        else
          code = 128 * p[0] + 64 * p[sz] + 32 * p[sy] + 16 * p[sy + sz] + 8 * p[sx] +
                 4 * p[sx + sz] + 2 * p[sx + sy] + p[sx + sy + sz];
        if (code == 0 || code == full) continue;
        out.points.push_back(
            {static_cast<int32_t>(x), static_cast<int32_t>(y), static_cast<int32_t>(z)});
        out.codes.push_back(static_cast<uint8_t>(code));
      }
    }
  return out;
}

std::vector<double> areas_of(const Elements& e, const std::array<double, 256>& area_of_code) {
  std::vector<double> out(e.codes.size());
  for (size_t i = 0; i < e.codes.size(); ++i) out[i] = area_of_code[e.codes[i]];
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
                                                  const VoxelBox& box, DistanceMethod method) {
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
  const auto elements = [&](const uint8_t* mask) {
    const auto crop = padded_crop(mask, grid, box, padded);
    return elements_of(crop.data() + slice_offset, padded, corners, planar);
  };
  const Elements pred = elements(prediction);
  const Elements ref = elements(reference);
  out.prediction_empty = pred.points.empty();
  out.reference_empty = ref.points.empty();
  if (out.prediction_empty || out.reference_empty) return out;  // the empty-mask rule decides
  BorderDistances both = border_distances(pred.points, ref.points, corners, grid.spacing, method);
  out.pred_to_ref = {std::move(both.a_to_b), areas_of(pred, area_of_code)};
  out.ref_to_pred = {std::move(both.b_to_a), areas_of(ref, area_of_code)};
  return out;
}

}  // namespace ves::metrics
