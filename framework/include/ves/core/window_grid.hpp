#pragma once
// Regular grids of windows (patches) over a case, shared by grid samplers and sliding-window
// inferers. Shapes, patch sizes and corners are in tensor order: (Z, Y, X) or (Y, X).
#include <cstdint>
#include <vector>

namespace ves {

/// Window corners along one axis: 0, step, 2 step, ... with step = max(1, floor(patch *
/// (1 - overlap))), the last one clamped to size - patch so the windows end at the case's end;
/// a case no larger than the patch gets the one corner 0 (padded at the end).
std::vector<int64_t> window_starts(int64_t size, int64_t patch, double overlap);

/// Every window corner over `shape` (the product of window_starts per axis), last axis fastest.
std::vector<std::vector<int64_t>> window_corners(const std::vector<int64_t>& shape,
                                                 const std::vector<int64_t>& patch, double overlap);

}  // namespace ves
