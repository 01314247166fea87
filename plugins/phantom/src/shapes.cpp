#include "shapes.hpp"

#include <ATen/TensorOperators.h>
#include <ATen/ops/scalar_tensor.h>
#include <algorithm>
#include <cmath>

namespace ves::phantom {

double Ellipsoid::radius_at(const std::array<double, 3>& point) const {
  const double dx = point[0] - center[0], dy = point[1] - center[1];
  const double c = std::cos(angle), s = std::sin(angle);
  const double u = (dx * c + dy * s) / semi_axes[0];
  const double v = (dy * c - dx * s) / semi_axes[1];
  const double w = (point[2] - center[2]) / semi_axes[2];
  return std::sqrt(u * u + v * v + w * w);
}

at::Tensor Ellipsoid::radius(const Grid& grid) const {
  const at::Tensor dx = grid.x - center[0];
  const at::Tensor dy = grid.y - center[1];
  const double c = std::cos(angle), s = std::sin(angle);
  // In-plane terms stay one slice [1, Y, X]; only the final sum spans the volume.
  const at::Tensor u = (dx * c + dy * s) / semi_axes[0];
  const at::Tensor v = (dy * c - dx * s) / semi_axes[1];
  const at::Tensor w = (grid.z - center[2]) / semi_axes[2];
  return (u.square() + v.square() + w.square()).sqrt_();
}

double Ellipsoid::min_axis() const {
  return std::min({semi_axes[0], semi_axes[1], semi_axes[2]});
}

at::Tensor ellipse_radius(const Grid& grid, double cx, double cy, double a, double b) {
  return (((grid.x - cx) / a).square() + ((grid.y - cy) / b).square()).sqrt_();
}

at::Tensor soft_inside(const at::Tensor& r, double width) {
  const double k = 1.0 / std::max(width, 1e-6);
  return (r * -k + k).sigmoid_();
}

void paint(at::Tensor& image, const at::Tensor& w, const at::Tensor& value) {
  // lerp is the same formula in one pass, in place.
  image.lerp_(value.expand_as(image), w);
}

void paint(at::Tensor& image, const at::Tensor& w, double value) {
  image.lerp_(at::scalar_tensor(value, image.options()).expand_as(image), w);
}

}  // namespace ves::phantom
