#include "surfaces.hpp"

#include "ves/config/config_error.hpp"

namespace ves::viz {

SurfacesCallback::SurfacesCallback(const config::Params& p)
    : StageCallback(p),
      reference_(p.get_string("reference")),
      prediction_(p.get_string("prediction")),
      formats_(p.get_strings("formats")),
      max_cases_(p.get_int("max_cases")) {
  options_.method = p.get_string("method");
  options_.smoothing_iterations = static_cast<int>(p.get_int("smoothing_iterations"));
  options_.decimate = p.get_double("decimate");
}

config::Schema SurfacesCallback::schema() {
  config::Schema s;
  s.text("reference", "label", "reference mask to mesh ('' for none)");
  s.text("prediction", "mask", "predicted mask to mesh ('' for none)");
  s.texts("formats", std::vector<std::string>{"vtp", "stl"}, "file formats: vtp and/or stl");
  s.check("formats", [](const config::Node& v, const std::string& key) {
    for (const auto& item : v.items())
      if (item.text() != "vtp" && item.text() != "stl")
        throw config::ConfigError(item.where(), key,
                                  "'" + item.text() + "' is not a mesh format; use vtp or stl");
  });
  s.choice("method", "flying_edges", {"flying_edges", "marching_cubes"},
           "surface extraction (VTK's discrete flying edges or marching cubes)");
  s.integer("smoothing_iterations", 0, "windowed-sinc smoothing passes (0 = none)", 0, 1000);
  s.real("decimate", 0.0, "share of triangles removed by quadric decimation", 0.0, 0.99);
  declare_stages(s, "stages that write meshes; [] = every stage");
  s.integer("max_cases", 8, "cases meshed per stage", 0);
  return s;
}

void SurfacesCallback::on_prediction(const std::string& stage, int64_t epoch, const Sample& input,
                                     const std::map<std::string, Volume>& outputs) {
  if (epoch != 0 || !wants(stage) || written_[stage] >= max_cases_) return;
  const auto dir = stage_dir(stage);
  if (!dir) return;
  bool any = false;
  for (const auto& [role, name] :
       {std::pair{"reference", reference_}, {"prediction", prediction_}}) {
    if (name.empty()) continue;
    const Volume* volume = nullptr;
    if (const auto out = outputs.find(name); out != outputs.end())
      volume = &out->second;
    else if (const auto own = input.volumes.find(name); own != input.volumes.end())
      volume = &own->second;
    if (!volume || volume->data.dim() != 4) continue;
    const auto mesh = mask_surface(*volume, options_);
    if (mesh->GetNumberOfPoints() == 0) continue;  // an empty mask has no surface
    for (const auto& format : formats_)
      write_mesh(mesh, *dir / "meshes" / (input.case_id + "_" + role + "." + format));
    any = true;
  }
  if (any) ++written_[stage];
}

}  // namespace ves::viz
