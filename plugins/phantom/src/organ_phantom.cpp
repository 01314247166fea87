#include "organ_phantom.hpp"

#include <ATen/TensorOperators.h>
#include <ATen/ops/maximum.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/stack.h>
#include <ATen/ops/zeros.h>
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

#include "subjects.hpp"

namespace ves::phantom {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kOrganEdgeMm = 1.0;    // partial-volume blur of the organ boundary
constexpr double kLesionEdgeMm = 1.0;   // lesions fade in over about a millimetre
constexpr double kTextureDepth = 0.25;  // organ intensity varies +-25% around its level
constexpr int kPlacementTries = 40;     // lesion positions tried before a lesion is dropped

void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument("organ phantom: " + what);
}

/// A uniformly random point of the ellipsoid's inner part (normalised radius <= `reach`).
std::array<double, 3> random_point_in(const Ellipsoid& e, double reach, Rng& rng) {
  std::array<double, 3> d{rng.normal(), rng.normal(), rng.normal()};
  const double norm = std::sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]) + 1e-12;
  const double r = reach * std::cbrt(rng.uniform());  // cube root: uniform in volume
  const double u = e.semi_axes[0] * r * d[0] / norm, v = e.semi_axes[1] * r * d[1] / norm;
  const double c = std::cos(e.angle), s = std::sin(e.angle);
  return {e.center[0] + u * c - v * s, e.center[1] + u * s + v * c,
          e.center[2] + e.semi_axes[2] * r * d[2] / norm};
}

double max_axis(const Ellipsoid& e) {
  return std::max({e.semi_axes[0], e.semi_axes[1], e.semi_axes[2]});
}

double distance(const std::array<double, 3>& a, const std::array<double, 3>& b) {
  return std::sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) +
                   (a[2] - b[2]) * (a[2] - b[2]));
}

}  // namespace

void OrganPhantomOptions::check() const {
  require(cases >= 1, "cases must be >= 1");
  require(subjects >= 0 && subjects <= cases, "subjects must be within 0..cases");
  for (int a = 0; a < 3; ++a) {
    require(size[a] >= 1, "size must be >= 1 along every axis");
    require(spacing[a] > 0.0, "spacing must be > 0 along every axis");
  }
  require(channels == 1 || channels == 2, "channels must be 1 or 2");
  require(lesions_min >= 0 && lesions_min <= lesions_max, "need 0 <= lesions_min <= lesions_max");
  require(lesion_radius_mm[0] > 0.0 && lesion_radius_mm[0] <= lesion_radius_mm[1],
          "need 0 < lesion_radius_mm[0] <= lesion_radius_mm[1]");
  require(noise >= 0.0, "noise must be >= 0");
  require(empty_fraction >= 0.0 && empty_fraction <= 1.0, "empty_fraction must be within 0..1");
}

OrganPhantom::OrganPhantom(OrganPhantomOptions options) : options_(std::move(options)) {
  options_.check();
}

int64_t OrganPhantom::subject(int64_t index) const {
  return options_.subjects > 0 ? subject_of(index, options_.cases, options_.subjects) : index;
}

OrganCasePlan OrganPhantom::plan(int64_t index) const {
  const auto& o = options_;
  OrganCasePlan plan;
  plan.index = index;
  plan.subject = subject(index);
  // Only size and spacing are needed to place shapes; no coordinate tensors in a plan.
  Grid frame;
  frame.size = o.size;
  frame.spacing = o.spacing;
  const std::array<double, 3> half{frame.half_extent(0), frame.half_extent(1),
                                   frame.half_extent(2)};

  // The subject's organ: shape, pose and brightness shared by all of its cases.
  Rng anatomy = subject_rng(o.seed, plan.subject);
  for (int a = 0; a < 3; ++a) {
    plan.organ.semi_axes[a] = anatomy.uniform(0.55, 0.8) * half[a];
    plan.organ.center[a] = anatomy.uniform(-0.08, 0.08) * half[a];
  }
  plan.organ.angle = anatomy.uniform(-0.45, 0.45);
  plan.organ_level = {anatomy.uniform(130.0, 170.0), anatomy.uniform(110.0, 150.0)};

  // This case: a slightly different pose (a rescan), its own texture and lesions.
  Rng rng = case_rng(o.seed, index);
  for (int a = 0; a < 3; ++a) {
    plan.organ.semi_axes[a] *= rng.uniform(0.95, 1.05);
    plan.organ.center[a] += rng.uniform(-0.03, 0.03) * half[a];
  }
  plan.organ.angle += rng.uniform(-0.1, 0.1);
  // Both textures are drawn even for one channel, so channel 0 does not depend on `channels`.
  for (auto& texture : plan.texture) texture = WaveTexture::random(rng, 4, 25.0, 80.0);

  const bool empty = rng.bernoulli(o.empty_fraction);
  const int64_t wanted = rng.integer(o.lesions_min, o.lesions_max);
  const double gap = std::max({o.spacing[0], o.spacing[1], o.spacing[2]}) * 1.5;
  for (int64_t l = 0; l < (empty ? 0 : wanted); ++l) {
    LesionPlan lesion;
    for (auto& axis : lesion.shape.semi_axes) {
      axis = rng.uniform(o.lesion_radius_mm[0], o.lesion_radius_mm[1]);
    }
    lesion.shape.angle = rng.uniform(0.0, kPi);
    lesion.brighten = rng.uniform(0.6, 1.2);
    lesion.darken = rng.uniform(0.35, 0.6);
    for (int attempt = 0; attempt < kPlacementTries; ++attempt) {
      // Centred on a voxel well inside the organ: the lesion then always owns a label voxel.
      const auto centre = frame.snap(random_point_in(plan.organ, 0.8, rng));
      if (!frame.contains(centre) || plan.organ.radius_at(centre) > 0.85) continue;
      // Apart from the others by a voxel gap, so each lesion is its own connected component.
      const bool apart = std::all_of(plan.lesions.begin(), plan.lesions.end(), [&](auto& other) {
        return distance(centre, other.shape.center) >
               max_axis(lesion.shape) + max_axis(other.shape) + gap;
      });
      if (!apart) continue;
      lesion.shape.center = centre;
      plan.lesions.push_back(lesion);
      break;
    }
  }
  plan.noise_seed = rng.next_u64();
  return plan;
}

OrganCase OrganPhantom::generate(const OrganCasePlan& plan) const {
  const auto& o = options_;
  const Grid grid = Grid::make(o.size, o.spacing);
  const std::vector<int64_t> shape{o.size[2], o.size[1], o.size[0]};

  const at::Tensor r_organ = plan.organ.radius(grid);
  const at::Tensor organ = r_organ.le(1.0);
  const at::Tensor w_organ = soft_inside(r_organ, kOrganEdgeMm / plan.organ.min_axis());

  at::Tensor lesion = at::zeros(shape, at::kBool);
  at::Tensor brighten = at::zeros(shape, at::kFloat);
  at::Tensor darken = at::zeros(shape, at::kFloat);
  for (const auto& l : plan.lesions) {
    const at::Tensor r = l.shape.radius(grid);
    const at::Tensor w = soft_inside(r, kLesionEdgeMm / l.shape.min_axis());
    lesion.logical_or_(r.le(1.0));
    brighten = at::maximum(brighten, w * l.brighten);
    darken = at::maximum(darken, w * l.darken);
  }
  lesion.logical_and_(organ);

  Rng noise_rng(plan.noise_seed);
  at::Generator generator = noise_rng.torch_generator();
  std::vector<at::Tensor> channels;
  for (int64_t c = 0; c < o.channels; ++c) {
    const double level = plan.organ_level[static_cast<size_t>(c)];
    const at::Tensor tissue =
        (plan.texture[static_cast<size_t>(c)].evaluate(grid) * kTextureDepth + 1.0) * level;
    // Channel 0 is DWI-like (lesions bright); channel 1 ADC-like (lesions dark).
    const at::Tensor contrast = c == 0 ? brighten + 1.0 : 1.0 - darken;
    const at::Tensor noise = at::randn(shape, generator, at::TensorOptions(at::kFloat));
    channels.push_back(w_organ * tissue * contrast + noise * (o.noise * level));
  }
  OrganCase out;
  out.image = at::stack(channels);
  out.label = lesion.to(at::kFloat).unsqueeze(0);
  out.organ = organ.unsqueeze(0);
  return out;
}

}  // namespace ves::phantom
