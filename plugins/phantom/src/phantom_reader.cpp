#include "phantom_reader.hpp"

#include <fmt/format.h>

#include "grid_params.hpp"
#include "ves/config/config_error.hpp"
#include "ves/core/error.hpp"

namespace ves::phantom {
namespace {

std::string case_id(int64_t index) {
  return fmt::format("phantom_{:03d}", index);
}
std::string subject_id(int64_t subject) {
  return fmt::format("subject_{:03d}", subject);
}

}  // namespace

PhantomReader::PhantomReader(OrganPhantomOptions options, Geometry geometry, bool class_label)
    : phantom_(std::move(options)), geometry_(geometry), class_label_(class_label) {
  geometry_.spacing = phantom_.options().spacing;
  for (int64_t i = 0; i < phantom_.options().cases; ++i) index_.emplace(case_id(i), i);
}

config::Schema PhantomReader::schema() {
  config::Schema s;
  s.integer("seed", 0, "random seed of the dataset; the same seed gives bit-identical cases", 0);
  s.integer("cases", 8, "number of cases", 1, 100000);
  s.integer("subjects", 0, "subjects the cases are spread over (0: one subject per case)", 0,
            100000);
  add_grid_params(s, {64, 64, 32}, {1.5, 1.5, 3.0});
  s.integer("channels", 1, "1: DWI-like, lesions bright; 2: adds an ADC-like channel, lesions dark",
            1, 2);
  s.integer("lesions_min", 0, "fewest lesions per case (before empty_fraction)", 0, 100);
  s.integer("lesions_max", 3, "most lesions per case", 0, 100);
  s.reals("lesion_radius_mm", std::vector<double>{3.0, 12.0},
          "range [min, max] of each lesion semi-axis in mm", 2);
  s.real("noise", 0.05, "Gaussian noise stddev relative to the organ intensity", 0.0, 10.0);
  s.real("empty_fraction", 0.25, "probability that a case has no lesion, on top of lesions_min",
         0.0, 1.0);
  s.flag("class_label", true, "add scalar 'lesion': 1 when the case has any lesion voxel, else 0");
  return s;
}

std::unique_ptr<PhantomReader> PhantomReader::create(const config::Params& params) {
  const GridParams grid = read_grid_params(params);
  OrganPhantomOptions o;
  o.seed = static_cast<uint64_t>(params.get_int("seed"));
  o.cases = params.get_int("cases");
  o.subjects = params.get_int("subjects");
  o.size = grid.size;
  o.spacing = grid.geometry.spacing;
  o.channels = params.get_int("channels");
  o.lesions_min = params.get_int("lesions_min");
  o.lesions_max = params.get_int("lesions_max");
  const auto radius = params.get_doubles("lesion_radius_mm");
  o.noise = params.get_double("noise");
  o.empty_fraction = params.get_double("empty_fraction");

  if (o.cases < 1) throw params.error("cases", "must be >= 1");
  if (o.subjects < 0 || o.subjects > o.cases) {
    throw params.error("subjects", fmt::format("must be within 0..cases ({})", o.cases),
                       "0 gives every case its own subject");
  }
  if (o.channels < 1 || o.channels > 2) throw params.error("channels", "must be 1 or 2");
  if (o.lesions_min < 0) throw params.error("lesions_min", "must be >= 0");
  if (o.lesions_max < o.lesions_min) {
    throw params.error("lesions_max", fmt::format("must be >= lesions_min ({})", o.lesions_min));
  }
  if (radius.size() != 2) throw params.error("lesion_radius_mm", "needs 2 values [min, max]");
  if (!(radius[0] > 0.0)) {
    throw params.error("lesion_radius_mm", fmt::format("min must be > 0 mm, got {}", radius[0]));
  }
  if (radius[1] < radius[0]) {
    throw params.error("lesion_radius_mm",
                       fmt::format("min ({}) must be <= max ({})", radius[0], radius[1]),
                       "write [min, max]");
  }
  o.lesion_radius_mm = {radius[0], radius[1]};
  if (o.noise < 0.0) throw params.error("noise", "must be >= 0");
  if (o.empty_fraction < 0.0 || o.empty_fraction > 1.0) {
    throw params.error("empty_fraction", "must be within 0..1");
  }
  return std::make_unique<PhantomReader>(o, grid.geometry, params.get_bool("class_label"));
}

std::vector<CaseRef> PhantomReader::cases() const {
  std::vector<CaseRef> refs;
  for (int64_t i = 0; i < phantom_.options().cases; ++i) {
    const OrganCasePlan plan = phantom_.plan(i);
    CaseRef ref;
    ref.case_id = case_id(i);
    ref.subject_id = subject_id(plan.subject);
    // Every planned lesion owns at least its centre voxel, so this is known without volumes.
    if (class_label_) ref.scalars["lesion"] = plan.lesions.empty() ? 0.0 : 1.0;
    ref.meta["subject"] = ref.subject_id;
    ref.meta["lesions"] = std::to_string(plan.lesions.size());
    refs.push_back(std::move(ref));
  }
  return refs;
}

Sample PhantomReader::load(const CaseRef& ref) const {
  const int64_t index = index_of(ref);
  const OrganCasePlan plan = phantom_.plan(index);
  OrganCase generated = phantom_.generate(plan);
  Sample sample;
  sample.case_id = case_id(index);
  sample.subject_id = subject_id(plan.subject);
  const double voxels = generated.label.sum().item<double>();
  if (class_label_) sample.scalars["lesion"] = voxels > 0.0 ? 1.0 : 0.0;
  sample.scalars["lesion_voxels"] = voxels;
  sample.meta["subject"] = sample.subject_id;
  sample.meta["lesions"] = std::to_string(plan.lesions.size());
  sample.volumes["image"] = Volume{std::move(generated.image), geometry_};
  sample.volumes["label"] = Volume{std::move(generated.label), geometry_};
  return sample;
}

int64_t PhantomReader::index_of(const CaseRef& ref) const {
  const auto found = index_.find(ref.case_id);
  if (found == index_.end()) {
    throw DataError(fmt::format(
        "phantom: no case '{}' in this dataset (cases are phantom_000..{}); was the reader "
        "built with other parameters?",
        ref.case_id, case_id(phantom_.options().cases - 1)));
  }
  return found->second;
}

}  // namespace ves::phantom
