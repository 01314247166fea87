#include "vertebra_phantom.hpp"

#include <ATen/TensorOperators.h>
#include <ATen/ops/full.h>
#include <ATen/ops/maximum.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/where.h>
#include <ATen/ops/zeros.h>
#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <utility>

#include "subjects.hpp"

namespace ves::phantom {
namespace {

constexpr double kEdgeMm = 0.5;           // partial-volume blur of bone boundaries
constexpr double kCleftRoughness = 0.25;  // how far texture pushes the cleft's boundary
constexpr double kAirHu = -1000.0;
constexpr int kPlacementTries = 20;

void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument("vertebra phantom: " + what);
}

/// A grid of one point, so plan-time checks reuse the exact tensor formulas of generation.
Grid point_grid(const std::array<double, 3>& p) {
  Grid g;
  g.size = {1, 1, 1};
  g.spacing = {1.0, 1.0, 1.0};
  g.x = at::full({1, 1, 1}, p[0], at::kFloat);
  g.y = at::full({1, 1, 1}, p[1], at::kFloat);
  g.z = at::full({1, 1, 1}, p[2], at::kFloat);
  return g;
}

/// Moves an anatomy-frame point to the nearest voxel centre (the inverse of Grid::moved, a
/// snap, and Grid::moved again): a cleft centred there always owns at least that voxel.
std::array<double, 3> snap_in_anatomy(const Grid& frame, const VertebraCasePlan& plan,
                                      const std::array<double, 3>& a) {
  const double c = std::cos(plan.angle), s = std::sin(plan.angle);
  const std::array<double, 3> g =
      frame.snap({a[0] * c - a[1] * s + plan.shift[0], a[0] * s + a[1] * c + plan.shift[1],
                  a[2] + plan.shift[2]});
  const double dx = g[0] - plan.shift[0], dy = g[1] - plan.shift[1];
  return {dx * c + dy * s, dy * c - dx * s, g[2] - plan.shift[2]};
}

/// Normalised "radius" of the vertebral body, shrunk by `inset_mm` all round: < 1 inside,
/// 1 on its surface. An elliptic cylinder with rounded rims, a waist, and, when fractured, one
/// endplate sunk anteriorly. The inset surface bounds a cortex of even thickness in mm.
at::Tensor body_level(const VertebraCasePlan& p, const Grid& g, double inset_mm = 0.0) {
  const auto& c = p.body_center;
  const std::array<double, 3> a{p.body_axes[0] - inset_mm, p.body_axes[1] - inset_mm,
                                p.body_axes[2] - inset_mm};
  const at::Tensor in_plane = ((g.x - c[0]) / a[0]).square() + ((g.y - c[1]) / a[1]).square();
  const at::Tensor dz = g.z - c[2];
  const at::Tensor narrowing = 1.0 - p.waist * (1.0 - (dz / a[2]).clamp(-1.0, 1.0).square());
  const at::Tensor radial2 = in_plane / narrowing.square();
  at::Tensor height = at::full({1, 1, 1}, a[2], at::kFloat);
  if (p.fracture && p.wedge_depth > 0.0) {
    // 1 at the anterior wall (-y), 0 at the posterior wall: a wedge compression.
    const double b = p.body_axes[1];
    const at::Tensor anterior = ((c[1] + b - g.y) / (2.0 * b)).clamp(0.0, 1.0);
    const at::Tensor sunk = (1.0 - p.wedge_depth * anterior) * p.body_axes[2] - inset_mm;
    height = at::where((dz * p.wedge_side).gt(0.0), sunk, a[2]);
  }
  const at::Tensor axial = dz.abs() / height;
  // A superellipsoid of exponent 8 (flat endplates, rounded rims), by squares and square roots,
  // which are several times faster than a general pow.
  const at::Tensor sum = radial2.square().square_() + axial.square().square_().square_();
  return sum.sqrt_().sqrt_().sqrt_();
}

/// Rising weight over a boundary at `level` of `x`, `width` wide: 0 below, 1 above.
at::Tensor step_up(const at::Tensor& x, double level, double width) {
  return ((x - level) / width).sigmoid();
}

}  // namespace

int64_t VertebraPhantomOptions::subject_count() const {
  return subjects > 0 ? subjects : (cases + 2) / 3;
}

int64_t VertebraPhantomOptions::max_cases_per_subject() const {
  const int64_t n = subject_count();
  return (cases + n - 1) / n;
}

void VertebraPhantomOptions::check() const {
  require(cases >= 1, "cases must be >= 1");
  require(subjects >= 0 && subjects <= cases, "subjects must be within 0..cases");
  require(!levels.empty(), "levels must not be empty");
  require(std::set<std::string>(levels.begin(), levels.end()).size() == levels.size(),
          "levels must be distinct");
  require(std::none_of(levels.begin(), levels.end(), [](auto& l) { return l.empty(); }),
          "levels must not contain an empty name");
  require(max_cases_per_subject() <= static_cast<int64_t>(levels.size()),
          "a subject cannot hold more vertebrae than there are levels");
  for (int a = 0; a < 3; ++a) {
    require(size[a] >= 1, "size must be >= 1 along every axis");
    require(spacing[a] > 0.0, "spacing must be > 0 along every axis");
  }
  require(fracture_fraction >= 0.0 && fracture_fraction <= 1.0,
          "fracture_fraction must be within 0..1");
}

VertebraPhantom::VertebraPhantom(VertebraPhantomOptions options) : options_(std::move(options)) {
  options_.check();
}

int64_t VertebraPhantom::subject(int64_t index) const {
  return subject_of(index, options_.cases, options_.subject_count());
}

VertebraPhantom::SubjectTraits VertebraPhantom::traits(int64_t subject) const {
  const auto& o = options_;
  const int64_t subjects = o.subject_count();
  const int64_t held =
      first_case_of(subject + 1, o.cases, subjects) - first_case_of(subject, o.cases, subjects);
  Rng rng = subject_rng(o.seed, subject);
  SubjectTraits t;
  t.scale = rng.uniform(0.92, 1.08);
  t.cancellous_hu = rng.uniform(150.0, 300.0);
  t.cortical_hu = rng.uniform(750.0, 1100.0);
  t.first_level = rng.integer(0, static_cast<int64_t>(o.levels.size()) - held);
  return t;
}

size_t VertebraPhantom::level(int64_t index) const {
  const int64_t s = subject(index);
  const int64_t first = first_case_of(s, options_.cases, options_.subject_count());
  return static_cast<size_t>(traits(s).first_level + (index - first));
}

VertebraCasePlan VertebraPhantom::plan(int64_t index) const {
  const auto& o = options_;
  VertebraCasePlan plan;
  plan.index = index;
  plan.subject = subject(index);
  Grid frame;  // size and spacing only: enough to snap points, no tensors in a plan
  frame.size = o.size;
  frame.spacing = o.spacing;
  const double u = std::min({frame.half_extent(0), frame.half_extent(1), frame.half_extent(2)});
  plan.unit_mm = u;

  // The subject's traits, and this vertebra's level within its run of levels.
  const SubjectTraits subject_traits = traits(plan.subject);
  plan.level = level(index);
  const auto levels = static_cast<int64_t>(o.levels.size());
  // Vertebrae grow towards the lumbar end of the list.
  const double along =
      levels > 1 ? static_cast<double>(plan.level) / static_cast<double>(levels - 1) : 0.0;
  plan.scale = subject_traits.scale * (0.94 + 0.12 * along);
  const double us = u * plan.scale;

  // This vertebra: pose, shape, tissue values, textures.
  Rng rng = case_rng(o.seed, index);
  plan.shift = {rng.uniform(-0.05, 0.05) * u, rng.uniform(-0.04, 0.04) * u,
                rng.uniform(-0.04, 0.04) * u};
  plan.angle = rng.uniform(-0.1, 0.1);
  plan.body_center = {0.0, -0.3 * u, 0.0};
  plan.body_axes = {0.5 * us * rng.uniform(0.95, 1.05), 0.38 * us * rng.uniform(0.95, 1.05),
                    0.40 * us * rng.uniform(0.95, 1.05)};
  plan.waist = rng.uniform(0.03, 0.08);
  const double thinnest = std::min(plan.body_axes[1], plan.body_axes[2]);
  plan.shell_mm = std::min(rng.uniform(1.2, 2.0), 0.25 * thinnest);
  plan.soft_hu = rng.uniform(20.0, 40.0);
  plan.csf_hu = rng.uniform(10.0, 30.0);
  plan.disc_hu = rng.uniform(70.0, 100.0);
  plan.cancellous_hu = subject_traits.cancellous_hu + rng.uniform(-15.0, 15.0);
  plan.cortical_hu = subject_traits.cortical_hu + rng.uniform(-50.0, 50.0);
  plan.posterior_hu = rng.uniform(550.0, 800.0);
  plan.trabecular_hu = rng.uniform(40.0, 70.0);
  plan.noise_hu = rng.uniform(12.0, 25.0);
  plan.soft_texture = WaveTexture::random(rng, 3, 30.0, 90.0);
  plan.trabecular_texture = WaveTexture::random(rng, 8, 2.5, 6.0);

  plan.fracture = rng.bernoulli(o.fracture_fraction);
  if (plan.fracture) {
    const auto& a = plan.body_axes;
    plan.wedge_side = rng.bernoulli(0.5) ? 1 : -1;
    plan.wedge_depth = rng.bernoulli(0.6) ? rng.uniform(0.1, 0.3) : 0.0;
    plan.cleft.semi_axes = {rng.uniform(0.3, 0.55) * a[0], rng.uniform(0.25, 0.45) * a[1],
                            rng.uniform(0.12, 0.3) * a[2]};
    plan.cleft.angle = rng.uniform(-0.3, 0.3);
    // Anterior, under the affected endplate: where osteoporotic clefts open.
    plan.cleft.center = snap_in_anatomy(frame, plan, plan.body_center);
    for (int attempt = 0; attempt < kPlacementTries; ++attempt) {
      const double forward = rng.uniform(0.1, 0.45);
      const double local_height = (1.0 - plan.wedge_depth * (1.0 + forward) / 2.0) * a[2];
      const auto centre = snap_in_anatomy(
          frame, plan,
          {plan.body_center[0] + rng.uniform(-0.25, 0.25) * a[0],
           plan.body_center[1] - forward * a[1],
           plan.body_center[2] + plan.wedge_side * rng.uniform(0.45, 0.7) * local_height});
      if (body_level(plan, point_grid(centre)).item<float>() < 0.9f) {
        plan.cleft.center = centre;
        break;
      }
    }
    plan.cleft_texture = WaveTexture::random(rng, 5, 4.0, 10.0);
    plan.cleft_hu = rng.uniform(-100.0, 0.0);
    plan.rim_hu = rng.uniform(150.0, 250.0);
  }
  plan.noise_seed = rng.next_u64();
  return plan;
}

VertebraCase VertebraPhantom::generate(const VertebraCasePlan& plan) const {
  const auto& o = options_;
  const Grid grid = Grid::make(o.size, o.spacing).moved(plan.shift, plan.angle);
  const std::vector<int64_t> shape{o.size[2], o.size[1], o.size[0]};
  const double u = plan.unit_mm, us = plan.unit_mm * plan.scale;
  const auto& bc = plan.body_center;
  const auto& ba = plan.body_axes;

  // Air, and the patient's soft tissue inside a skin ellipse that the corners fall outside of.
  at::Tensor image = at::full(shape, kAirHu, at::kFloat);
  const at::Tensor soft = plan.soft_texture.evaluate(grid) * 20.0 + plan.soft_hu;
  paint(image, soft_inside(ellipse_radius(grid, 0.0, 0.05 * u, 1.15 * u, 1.02 * u), kEdgeMm / u),
        soft);

  // Posterior elements: neural arch around the canal, spinous and transverse processes.
  const at::Tensor trabecular = plan.trabecular_texture.evaluate(grid);
  const double canal_a = 0.24 * us, canal_b = 0.19 * us, arch = 0.12 * us;
  const double canal_y = bc[1] + ba[1] + canal_b + 0.01 * us;
  const at::Tensor arch_height =
      soft_inside((grid.z - (bc[2] + 0.02 * us)).abs() / (0.3 * us), kEdgeMm / (0.3 * us));
  at::Tensor posterior =
      soft_inside(ellipse_radius(grid, bc[0], canal_y, canal_a + arch, canal_b + arch),
                  kEdgeMm / (canal_b + arch)) *
      arch_height;
  std::vector<Ellipsoid> processes{
      {{bc[0], canal_y + canal_b + arch + 0.18 * us, bc[2] - 0.12 * us},
       {0.07 * us, 0.24 * us, 0.16 * us},
       0.0},
      {{bc[0] - 0.55 * us, canal_y - 0.02 * u, bc[2] + 0.05 * us},
       {0.22 * us, 0.075 * us, 0.1 * us},
       -0.25},
      {{bc[0] + 0.55 * us, canal_y - 0.02 * u, bc[2] + 0.05 * us},
       {0.22 * us, 0.075 * us, 0.1 * us},
       0.25}};
  for (const auto& process : processes) {
    posterior =
        at::maximum(posterior, soft_inside(process.radius(grid), kEdgeMm / process.min_axis()));
  }
  paint(image, posterior, trabecular * 120.0 + plan.posterior_hu);
  paint(image,
        soft_inside(ellipse_radius(grid, bc[0], canal_y, canal_a, canal_b), kEdgeMm / canal_b),
        plan.csf_hu);

  // Discs above and below, then the endplates of the neighbouring vertebrae beyond them.
  const at::Tensor cancellous = trabecular * plan.trabecular_hu + plan.cancellous_hu;
  const at::Tensor cortex = trabecular * 60.0 + plan.cortical_hu;
  const at::Tensor outline = ellipse_radius(grid, bc[0], bc[1], ba[0], ba[1]);
  paint(
      image,
      soft_inside(ellipse_radius(grid, bc[0], bc[1], 1.04 * ba[0], 1.04 * ba[1]), kEdgeMm / ba[1]),
      plan.disc_hu);
  const at::Tensor beyond = (grid.z - bc[2]).abs() - (ba[2] + 0.2 * us);
  const at::Tensor neighbour_shell =
      at::maximum(step_up(-beyond, -plan.shell_mm, kEdgeMm),
                  step_up(outline, 1.0 - plan.shell_mm / ba[1], kEdgeMm / ba[1]));
  paint(image, soft_inside(outline, kEdgeMm / ba[1]) * step_up(beyond, 0.0, kEdgeMm),
        cancellous + neighbour_shell * (cortex - cancellous));

  // The vertebral body: cortical shell around trabecular bone.
  const at::Tensor level = body_level(plan, grid);
  const double thinnest = std::min(ba[1], ba[2]);
  const at::Tensor body_weight = soft_inside(level, kEdgeMm / thinnest);
  const at::Tensor shell =
      step_up(body_level(plan, grid, plan.shell_mm), 1.0, kEdgeMm / (thinnest - plan.shell_mm));
  paint(image, body_weight, cancellous + shell * (cortex - cancellous));

  VertebraCase out;
  const at::Tensor body = level.le(1.0);
  at::Tensor defect = at::zeros(shape, at::kBool);
  if (plan.fracture) {
    // An irregular cleft of fluid/gas density with a sclerotic rim; where it reaches the shell
    // the cortex is broken. Only its part inside the body is labelled.
    const at::Tensor r =
        plan.cleft.radius(grid) + plan.cleft_texture.evaluate(grid) * kCleftRoughness;
    defect = r.le(1.0).logical_and_(body);
    // Its edge is centred just outside the label, so labelled voxels are mostly dark rather
    // than half bone, and the rim starts where the dark edge ends.
    const at::Tensor reach = soft_inside(level - 0.05, kEdgeMm / thinnest);
    const at::Tensor rim = step_up(r, 1.08, 0.06) * step_up(-r, -1.4, 0.06);  // 1.08 < r < 1.4
    image = image + rim * body_weight * plan.rim_hu;
    paint(image, soft_inside(r / 1.03, 0.04) * reach, plan.cleft_hu);
  }
  Rng noise_rng(plan.noise_seed);
  const at::Tensor noise =
      at::randn(shape, noise_rng.torch_generator(), at::TensorOptions(at::kFloat));
  image = image + noise * plan.noise_hu;
  if (o.unit) image = (image.clamp(-1000.0, 2000.0) + 1000.0) / 3000.0;
  out.image = image.unsqueeze(0);
  out.label = defect.to(at::kFloat).unsqueeze(0);
  out.body = body.unsqueeze(0);
  return out;
}

}  // namespace ves::phantom
