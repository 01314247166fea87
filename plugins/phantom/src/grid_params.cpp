#include "grid_params.hpp"

#include <fmt/format.h>
#include <cmath>
#include <optional>

#include "ves/config/config_error.hpp"

namespace ves::phantom {
namespace {

/// The single spec of `one`, with inclusive bounds on every element (Schema's list builders
/// take no bounds).
config::ParamSpec bounded(const config::Schema& one, std::optional<double> min,
                          std::optional<double> max) {
  config::ParamSpec spec = one.params().front();
  spec.min = min;
  spec.max = max;
  return spec;
}

double determinant(const std::array<double, 9>& m) {
  return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) +
         m[2] * (m[3] * m[7] - m[4] * m[6]);
}

}  // namespace

void add_grid_params(config::Schema& schema, const std::vector<int64_t>& size,
                     const std::vector<double>& spacing) {
  schema.add(
      bounded(config::Schema().integers("size", size, "grid size x, y, z in voxels", 3), 1, 2048));
  schema.add(bounded(config::Schema().reals("spacing", spacing, "voxel spacing x, y, z in mm", 3),
                     1e-3, {}));
  schema.reals("origin", std::vector<double>{0, 0, 0},
               "physical position (mm) of the first voxel, ITK/LPS convention", 3);
  schema.reals("direction", std::vector<double>{1, 0, 0, 0, 1, 0, 0, 0, 1},
               "3x3 direction matrix, row-major, columns = the x, y, z axes", 9);
}

GridParams read_grid_params(const config::Params& params) {
  GridParams grid;
  const auto size = params.get_ints("size");
  const auto spacing = params.get_doubles("spacing");
  const auto origin = params.get_doubles("origin");
  const auto direction = params.get_doubles("direction");
  if (size.size() != 3) throw params.error("size", "needs 3 values (x, y, z)");
  if (spacing.size() != 3) throw params.error("spacing", "needs 3 values (x, y, z)");
  if (origin.size() != 3) throw params.error("origin", "needs 3 values (x, y, z)");
  if (direction.size() != 9) throw params.error("direction", "needs 9 values (a 3x3 matrix)");
  for (size_t a = 0; a < 3; ++a) {
    if (size[a] < 1) throw params.error("size", fmt::format("must be >= 1, got {}", size[a]));
    if (!(spacing[a] > 0.0)) {
      throw params.error("spacing", fmt::format("must be > 0 mm, got {}", spacing[a]));
    }
    grid.size[a] = size[a];
    grid.geometry.spacing[a] = spacing[a];
    grid.geometry.origin[a] = origin[a];
  }
  for (size_t i = 0; i < 9; ++i) grid.geometry.direction[i] = direction[i];
  if (std::abs(determinant(grid.geometry.direction)) < 1e-6) {
    throw params.error("direction", "must be an invertible 3x3 matrix",
                       "use [1,0,0, 0,1,0, 0,0,1] for the identity");
  }
  return grid;
}

}  // namespace ves::phantom
