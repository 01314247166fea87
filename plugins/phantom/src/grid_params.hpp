#pragma once
// The grid parameters both phantom readers share: size, spacing, origin, direction.
#include <array>
#include <cstdint>
#include <vector>

#include "ves/config/params.hpp"
#include "ves/core/geometry.hpp"

namespace ves::phantom {

/// A validated grid: voxel counts (x, y, z) and the geometry written into every volume.
struct GridParams {
  std::array<int64_t, 3> size{};
  Geometry geometry;
};

/// Adds size, spacing, origin and direction to `schema` with the given defaults.
void add_grid_params(config::Schema& schema, const std::vector<int64_t>& size,
                     const std::vector<double>& spacing);

/// Reads them back; throws ConfigError for a non-positive size or spacing or a singular
/// direction (checks the schema cannot express).
GridParams read_grid_params(const config::Params& params);

}  // namespace ves::phantom
