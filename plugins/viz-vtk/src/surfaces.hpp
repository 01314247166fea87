#pragma once
// Callback `surfaces`: per inferred case, meshes of the reference and predicted masks in
// physical coordinates: <stage>/meshes/<case>_reference.vtp, <case>_prediction.stl, ...
//
// callbacks:
//   - type: surfaces
//     reference: label        # '' for none
//     prediction: mask        # '' for none
//     formats: [vtp, stl]
//     method: flying_edges    # or marching_cubes
//     smoothing_iterations: 0
//     decimate: 0.0           # share of triangles removed
//     stages: [infer]         # [] = every stage
//     max_cases: 8
#include <filesystem>
#include <map>
#include <set>

#include "stage_callback.hpp"
#include "surface_mesh.hpp"

namespace ves::viz {

class SurfacesCallback final : public StageCallback {
 public:
  explicit SurfacesCallback(const config::Params& params);
  static config::Schema schema();

  void on_prediction(const std::string& stage, int64_t epoch, const Sample& input,
                     const std::map<std::string, Volume>& outputs) override;

 private:
  std::string reference_, prediction_;
  std::vector<std::string> formats_;
  MeshOptions options_;
  int64_t max_cases_;
  std::map<std::string, int64_t> written_;
};

}  // namespace ves::viz
