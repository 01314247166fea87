#include "resample.hpp"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace ves_augment {
namespace {

constexpr double kTolerance = 1e-9;

int64_t spatial_rank(at::IntArrayRef shape) {
  const auto rank = static_cast<int64_t>(shape.size());
  if (rank != 2 && rank != 3) {
    throw std::invalid_argument("resample: expected a 2-D or 3-D spatial shape, got rank " +
                                std::to_string(rank));
  }
  return rank;
}

// Size of the grid along (x, y, z) axis i, from a shape in tensor order (slowest first).
int64_t size_along(at::IntArrayRef shape, int64_t i) {
  return shape[static_cast<size_t>(static_cast<int64_t>(shape.size()) - 1 - i)];
}

bool is_integral(double v) {
  return std::abs(v - std::round(v)) < 1e-6;
}

// First input index each output axis (tensor order) starts at once flips are done, for an
// exact map; see is_exact_grid_map.
std::vector<int64_t> exact_starts(const VoxelMap& map, at::IntArrayRef in_shape,
                                  at::IntArrayRef out_shape) {
  const int64_t rank = spatial_rank(out_shape);
  std::vector<int64_t> starts(static_cast<size_t>(rank));
  for (int64_t i = 0; i < rank; ++i) {
    // out(p) = in(F p + t) = flipped(p + F t): a shift by F t on the flipped grid.
    const double shift =
        map.matrix[static_cast<size_t>(i * 3 + i)] * map.offset[static_cast<size_t>(i)];
    const double start =
        0.5 * static_cast<double>(size_along(in_shape, i) - size_along(out_shape, i)) + shift;
    starts[static_cast<size_t>(rank - 1 - i)] = static_cast<int64_t>(std::llround(start));
  }
  return starts;
}

at::Tensor resample_exactly(const at::Tensor& data, const VoxelMap& map,
                            at::IntArrayRef out_shape) {
  const int64_t rank = spatial_rank(out_shape);
  std::vector<int64_t> flip_dims;
  for (int64_t i = 0; i < rank; ++i) {
    if (map.matrix[static_cast<size_t>(i * 3 + i)] < 0) flip_dims.push_back(rank - i);
  }
  at::Tensor out = flip_dims.empty() ? data : at::flip(data, flip_dims);
  const auto starts = exact_starts(map, data.sizes().slice(1), out_shape);
  // constant_pad_nd takes (left, right) pairs from the last dimension; negative values crop.
  std::vector<int64_t> pads;
  bool any = false;
  for (int64_t a = rank - 1; a >= 0; --a) {
    const int64_t start = starts[static_cast<size_t>(a)];
    const int64_t left = -start;
    const int64_t right = start + out_shape[static_cast<size_t>(a)] - data.size(a + 1);
    pads.push_back(left);
    pads.push_back(right);
    any = any || left != 0 || right != 0;
  }
  return any ? at::constant_pad_nd(out, pads, 0) : out;
}

bool needs_padding(const VoxelMap& map, at::IntArrayRef in_shape, at::IntArrayRef out_shape) {
  const auto starts = exact_starts(map, in_shape, out_shape);
  for (size_t a = 0; a < starts.size(); ++a) {
    if (starts[a] < 0 || starts[a] + out_shape[a] > in_shape[a]) return true;
  }
  return false;
}

}  // namespace

bool is_exact_grid_map(const VoxelMap& map, at::IntArrayRef in_shape, at::IntArrayRef out_shape) {
  const int64_t rank = spatial_rank(out_shape);
  for (int64_t i = 0; i < rank; ++i) {
    for (int64_t k = 0; k < rank; ++k) {
      const double m = map.matrix[static_cast<size_t>(i * 3 + k)];
      if (i != k && std::abs(m) > kTolerance) return false;
      if (i == k && std::abs(std::abs(m) - 1.0) > kTolerance) return false;
    }
    const double start =
        0.5 * static_cast<double>(size_along(in_shape, i) - size_along(out_shape, i)) +
        map.matrix[static_cast<size_t>(i * 3 + i)] * map.offset[static_cast<size_t>(i)];
    if (!is_integral(start)) return false;
  }
  return true;
}

at::Tensor sampling_grid(const VoxelMap& map, at::IntArrayRef in_shape, at::IntArrayRef out_shape,
                         int64_t rows, const at::TensorOptions& options) {
  const int64_t rank = spatial_rank(out_shape);
  const auto dbl = at::TensorOptions().dtype(at::kDouble);
  // grid_i(j) = sum_k c_ik j_k + b_i in grid_sampler's normalised units (align_corners = false:
  // -1 and 1 are the outer faces of the edge voxels, so index j sits at 2 (j - (N-1)/2) / N).
  std::vector<at::Tensor> along;  // along[k]: [n_k, rank], the term of output axis k
  std::vector<double> b(static_cast<size_t>(rank));
  for (int64_t i = 0; i < rank; ++i) {
    double centre_term = map.offset[static_cast<size_t>(i)];
    for (int64_t k = 0; k < rank; ++k) {
      centre_term -= map.matrix[static_cast<size_t>(i * 3 + k)] * 0.5 *
                     static_cast<double>(size_along(out_shape, k) - 1);
    }
    b[static_cast<size_t>(i)] = 2.0 * centre_term / static_cast<double>(size_along(in_shape, i));
  }
  for (int64_t k = 0; k < rank; ++k) {
    std::vector<double> column(static_cast<size_t>(rank));
    for (int64_t i = 0; i < rank; ++i) {
      column[static_cast<size_t>(i)] = 2.0 * map.matrix[static_cast<size_t>(i * 3 + k)] /
                                       static_cast<double>(size_along(in_shape, i));
    }
    const int64_t n = (k == rank - 1) ? rows : size_along(out_shape, k);
    along.push_back(at::arange(n, dbl).unsqueeze(1) * at::tensor(column, dbl).unsqueeze(0));
  }
  const at::Tensor bias = at::tensor(b, dbl);
  if (rank == 2) {
    const at::Tensor y = (along[1] + bias).to(options).view({rows, 1, 2});
    return y + along[0].to(options).view({1, out_shape[1], 2});
  }
  const at::Tensor zy =
      ((along[2] + bias).view({rows, 1, 1, 3}) + along[1].view({1, out_shape[1], 1, 3}))
          .to(options);
  return zy + along[0].to(options).view({1, 1, out_shape[2], 3});
}

Resampler::Resampler(const VoxelMap& map, at::IntArrayRef in_shape, at::IntArrayRef out_shape)
    : map_(map), in_shape_(in_shape.vec()), out_shape_(out_shape.vec()) {
  if (in_shape.size() != out_shape.size()) {
    throw std::invalid_argument("resample: input and output grids differ in rank");
  }
  exact_ = is_exact_grid_map(map, in_shape, out_shape);
}

at::Tensor Resampler::operator()(const at::Tensor& data, Interpolation interpolation,
                                 Padding padding) const {
  const auto rank = static_cast<int64_t>(out_shape_.size());
  if (data.dim() != rank + 1 || data.sizes().slice(1) != at::IntArrayRef(in_shape_)) {
    throw std::invalid_argument("resample: data of shape " + c10::str(data.sizes()) +
                                " is not on the " + c10::str(at::IntArrayRef(in_shape_)) +
                                " input grid");
  }
  if (exact_ && (padding == Padding::Zeros || !needs_padding(map_, in_shape_, out_shape_))) {
    return resample_exactly(data, map_, out_shape_);
  }

  const auto type = data.scalar_type();
  const bool native = type == at::kFloat || type == at::kDouble;
  const at::Tensor input = native ? data : data.to(at::kFloat);
  const int64_t channels = data.size(0);
  const int64_t rows = out_shape_[0];

  // ATen's 3-D CPU sampler parallelises over the batch only, so the output is cut into slabs
  // along its first axis, one batch item each, over a stride-0 expanded input (no copy).
  if (!grid_.defined() || grid_.scalar_type() != input.scalar_type() ||
      grid_.device() != input.device()) {
    int64_t slabs = 1;
    if (input.device().is_cpu()) slabs = std::clamp<int64_t>(at::get_num_threads(), 1, rows);
    const int64_t per_slab = (rows + slabs - 1) / slabs;
    slabs = (rows + per_slab - 1) / per_slab;
    std::vector<int64_t> grid_shape{slabs, per_slab};
    for (int64_t a = 1; a < rank; ++a) grid_shape.push_back(out_shape_[static_cast<size_t>(a)]);
    grid_shape.push_back(rank);
    grid_ = sampling_grid(map_, in_shape_, out_shape_, slabs * per_slab, input.options())
                .view(grid_shape);
  }
  const int64_t slabs = grid_.size(0);
  const int64_t per_slab = grid_.size(1);
  std::vector<int64_t> batch_shape{slabs, channels};
  for (const int64_t s : in_shape_) batch_shape.push_back(s);

  const int64_t mode = interpolation == Interpolation::Linear ? 0 : 1;
  const int64_t pad = padding == Padding::Zeros ? 0 : padding == Padding::Border ? 1 : 2;
  at::Tensor out = at::grid_sampler(input.unsqueeze(0).expand(batch_shape), grid_, mode, pad,
                                    /*align_corners=*/false);
  if (slabs == 1) {
    out = out.select(0, 0);
  } else {
    std::vector<int64_t> joined{channels, slabs * per_slab};
    for (int64_t a = 1; a < rank; ++a) joined.push_back(out_shape_[static_cast<size_t>(a)]);
    out = out.transpose(0, 1).reshape(joined);
    if (slabs * per_slab != rows) out = out.narrow(1, 0, rows).contiguous();
  }
  if (native) return out;
  if (at::isIntegralType(type, /*includeBool=*/true) && interpolation == Interpolation::Linear) {
    out = out.round_();
  }
  return out.to(type);
}

at::Tensor resample(const at::Tensor& data, const VoxelMap& map, at::IntArrayRef out_shape,
                    Interpolation interpolation, Padding padding) {
  if (data.dim() < 1) throw std::invalid_argument("resample: data has no channel dimension");
  return Resampler(map, data.sizes().slice(1), out_shape)(data, interpolation, padding);
}

}  // namespace ves_augment
