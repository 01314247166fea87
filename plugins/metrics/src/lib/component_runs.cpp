// Two runs in rows (dy, dz) apart are connected when their x ranges, widened by `reach` voxels,
// overlap; a neighbour row counts at all when |dy| + |dz| <= connectivity's step limit (6: 1,
// 18: 2, 26: 3) and the ranges widen by 1 when one more step (a diagonal in x) still fits.
#include "lib/component_runs.hpp"

#include <algorithm>
#include <cstdlib>

#include "lib/connected_components.hpp"

namespace ves::metrics {
namespace {

uint32_t find_root(std::vector<uint32_t>& parent, uint32_t a) {
  while (parent[a] != a) {
    parent[a] = parent[parent[a]];  // path halving
    a = parent[a];
  }
  return a;
}

void unite(std::vector<uint32_t>& parent, uint32_t a, uint32_t b) {
  a = find_root(parent, a);
  b = find_root(parent, b);
  if (a < b) parent[b] = a;
  if (b < a) parent[a] = b;
}

}  // namespace

RunComponents run_components(const uint8_t* mask, const std::array<int64_t, 3>& size,
                             int connectivity) {
  check_connectivity(connectivity);
  const int64_t nx = size[0], ny = size[1], nz = size[2];
  const int64_t rows = ny * nz;
  RunComponents result;
  std::vector<int64_t> row_start(static_cast<size_t>(rows) + 1, 0);
  for (int64_t row = 0; row < rows; ++row) {
    row_start[static_cast<size_t>(row)] = static_cast<int64_t>(result.runs.size());
    const uint8_t* line = mask + row * nx;
    for (int64_t x = 0; x < nx; ++x) {
      if (line[x] == 0) continue;
      const int64_t first = x;
      while (x + 1 < nx && line[x + 1] != 0) ++x;
      result.runs.push_back({row, first, x});
    }
  }
  row_start[static_cast<size_t>(rows)] = static_cast<int64_t>(result.runs.size());

  // Earlier neighbour rows (dy, dz) and how far their runs reach along x.
  const int steps = connectivity == 6 ? 1 : connectivity == 18 ? 2 : 3;
  struct NeighbourRow {
    int64_t dy, dz, widen;
  };
  std::vector<NeighbourRow> neighbours;
  for (int64_t dz = -1; dz <= 0; ++dz)
    for (int64_t dy = -1; dy <= 1; ++dy) {
      if (dz == 0 && dy >= 0) continue;
      const int64_t s = std::abs(dy) + std::abs(dz);
      if (s <= steps) neighbours.push_back({dy, dz, s + 1 <= steps ? 1 : 0});
    }

  std::vector<uint32_t> parent(result.runs.size());
  for (size_t i = 0; i < parent.size(); ++i) parent[i] = static_cast<uint32_t>(i);
  for (int64_t z = 0; z < nz; ++z)
    for (int64_t y = 0; y < ny; ++y) {
      const int64_t row = z * ny + y;
      const int64_t begin = row_start[static_cast<size_t>(row)];
      const int64_t end = row_start[static_cast<size_t>(row) + 1];
      if (begin == end) continue;
      for (const NeighbourRow& n : neighbours) {
        const int64_t yy = y + n.dy, zz = z + n.dz;
        if (yy < 0 || yy >= ny || zz < 0) continue;
        const int64_t other = zz * ny + yy;
        int64_t j = row_start[static_cast<size_t>(other)];
        const int64_t j_end = row_start[static_cast<size_t>(other) + 1];
        for (int64_t i = begin; i < end && j < j_end;) {
          const auto& a = result.runs[static_cast<size_t>(i)];
          const auto& b = result.runs[static_cast<size_t>(j)];
          if (a.first <= b.last + n.widen && b.first <= a.last + n.widen)
            unite(parent, static_cast<uint32_t>(i), static_cast<uint32_t>(j));
          // Step past whichever run ends first; the other may still meet the next one.
          if (a.last < b.last) {
            ++i;
          } else {
            ++j;
          }
        }
      }
    }

  result.component.resize(result.runs.size());
  std::vector<uint32_t> number(result.runs.size(), UINT32_MAX);
  for (size_t i = 0; i < result.runs.size(); ++i) {
    const uint32_t root = find_root(parent, static_cast<uint32_t>(i));
    if (number[root] == UINT32_MAX) number[root] = result.count++;
    result.component[i] = number[root];
  }
  return result;
}

}  // namespace ves::metrics
