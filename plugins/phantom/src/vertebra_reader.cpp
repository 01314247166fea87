#include "vertebra_reader.hpp"

#include <fmt/format.h>
#include <set>

#include "grid_params.hpp"
#include "ves/config/config_error.hpp"
#include "ves/core/error.hpp"

namespace ves::phantom {
namespace {

std::string subject_id(int64_t subject) {
  return fmt::format("s{:03d}", subject);
}

}  // namespace

VertebraReader::VertebraReader(VertebraPhantomOptions options, Geometry geometry)
    : phantom_(std::move(options)), geometry_(geometry) {
  geometry_.spacing = phantom_.options().spacing;
  for (int64_t i = 0; i < phantom_.options().cases; ++i) index_.emplace(case_id(i), i);
}

config::Schema VertebraReader::schema() {
  config::Schema s;
  s.integer("seed", 0, "random seed of the dataset; the same seed gives bit-identical cases", 0);
  s.integer("cases", 12, "number of vertebrae", 1, 100000);
  s.integer("subjects", 0, "patients the vertebrae belong to (0: cases / 3, rounded up)", 0,
            100000);
  s.texts("levels", std::vector<std::string>{"T11", "T12", "L1", "L2", "L3"},
          "vertebra levels, cranial to caudal; a patient's vertebrae are consecutive levels");
  add_grid_params(s, {64, 64, 64}, {1.0, 1.0, 1.0});
  s.real("fracture_fraction", 0.3, "probability that a vertebra has a fracture-like defect", 0.0,
         1.0);
  s.choice("normalize", "hu", {"hu", "unit"},
           "hu: Hounsfield units; unit: clip to [-1000, 2000] HU and map to [0, 1]");
  return s;
}

std::unique_ptr<VertebraReader> VertebraReader::create(const config::Params& params) {
  const GridParams grid = read_grid_params(params);
  VertebraPhantomOptions o;
  o.seed = static_cast<uint64_t>(params.get_int("seed"));
  o.cases = params.get_int("cases");
  o.subjects = params.get_int("subjects");
  o.levels = params.get_strings("levels");
  o.size = grid.size;
  o.spacing = grid.geometry.spacing;
  o.fracture_fraction = params.get_double("fracture_fraction");
  o.unit = params.get_string("normalize") == "unit";

  if (o.cases < 1) throw params.error("cases", "must be >= 1");
  if (o.subjects < 0 || o.subjects > o.cases) {
    throw params.error("subjects", fmt::format("must be within 0..cases ({})", o.cases),
                       "0 gives about three vertebrae per subject");
  }
  if (o.levels.empty()) throw params.error("levels", "must list at least one level");
  std::set<std::string> seen;
  for (const auto& level : o.levels) {
    if (level.empty()) throw params.error("levels", "contains an empty name");
    if (!seen.insert(level).second) {
      throw params.error("levels", fmt::format("lists '{}' twice", level));
    }
  }
  if (o.max_cases_per_subject() > static_cast<int64_t>(o.levels.size())) {
    throw params.error(
        o.subjects > 0 ? "subjects" : "cases",
        fmt::format("{} vertebrae over {} subjects puts up to {} in one subject, "
                    "but only {} levels are listed",
                    o.cases, o.subject_count(), o.max_cases_per_subject(), o.levels.size()),
        "raise subjects or list more levels");
  }
  if (o.fracture_fraction < 0.0 || o.fracture_fraction > 1.0) {
    throw params.error("fracture_fraction", "must be within 0..1");
  }
  return std::make_unique<VertebraReader>(o, grid.geometry);
}

std::string VertebraReader::case_id(int64_t index) const {
  return fmt::format("vol_{}_{}", subject_id(phantom_.subject(index)),
                     phantom_.options().levels[phantom_.level(index)]);
}

std::vector<CaseRef> VertebraReader::cases() const {
  std::vector<CaseRef> refs;
  for (int64_t i = 0; i < phantom_.options().cases; ++i) {
    const VertebraCasePlan plan = phantom_.plan(i);
    CaseRef ref;
    ref.case_id = case_id(i);
    ref.subject_id = subject_id(plan.subject);
    // A planned defect always owns its centre voxel, so this is known without volumes.
    ref.scalars["fracture"] = plan.fracture ? 1.0 : 0.0;
    ref.meta["subject"] = ref.subject_id;
    ref.meta["vertebra"] = phantom_.options().levels[plan.level];
    refs.push_back(std::move(ref));
  }
  return refs;
}

Sample VertebraReader::load(const CaseRef& ref) const {
  const int64_t index = index_of(ref);
  const VertebraCasePlan plan = phantom_.plan(index);
  VertebraCase generated = phantom_.generate(plan);
  Sample sample;
  sample.case_id = case_id(index);
  sample.subject_id = subject_id(plan.subject);
  const double voxels = generated.label.sum().item<double>();
  sample.scalars["fracture"] = voxels > 0.0 ? 1.0 : 0.0;
  sample.scalars["fracture_voxels"] = voxels;
  sample.meta["subject"] = sample.subject_id;
  sample.meta["vertebra"] = phantom_.options().levels[plan.level];
  sample.volumes["image"] = Volume{std::move(generated.image), geometry_};
  sample.volumes["label"] = Volume{std::move(generated.label), geometry_};
  return sample;
}

int64_t VertebraReader::index_of(const CaseRef& ref) const {
  const auto found = index_.find(ref.case_id);
  if (found == index_.end()) {
    throw DataError(fmt::format(
        "phantom_vertebra: no case '{}' in this dataset of {} vertebrae (ids look like {}); was "
        "the reader built with other parameters?",
        ref.case_id, phantom_.options().cases, case_id(0)));
  }
  return found->second;
}

}  // namespace ves::phantom
