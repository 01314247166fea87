// The plugin's exports: pictures drawn with VTK's imaging and text rendering (no display).
#include "curves.hpp"
#include "middle_slices.hpp"
#include "overlays.hpp"
#include "report_stage.hpp"
#include "surfaces.hpp"
#include "ves/plugin/plugin.hpp"

namespace {

void register_components(ves::Registry& registry) {
  registry.add<ves::Callback>(
      "middle_slices",
      "PNG pictures of middle slices (axial, coronal, sagittal) of inputs, outputs and their "
      "difference, per training epoch or per inferred case",
      ves::viz::MiddleSlicesCallback::schema(),
      [](const ves::config::Params& p, const ves::Context&) {
        return std::make_unique<ves::viz::MiddleSlicesCallback>(p);
      });
  registry.add<ves::Callback>(
      "overlays",
      "PNG overlays per inferred case: reference and predicted contours on the slices of "
      "largest lesion, the middle and worst error, in the three orientations",
      ves::viz::OverlaysCallback::schema(), [](const ves::config::Params& p, const ves::Context&) {
        return std::make_unique<ves::viz::OverlaysCallback>(p);
      });
  registry.add<ves::Callback>(
      "surfaces",
      "meshes (.vtp, .stl) of the reference and predicted masks per inferred case, in physical "
      "coordinates (open in 3D Slicer and ParaView over the image)",
      ves::viz::SurfacesCallback::schema(), [](const ves::config::Params& p, const ves::Context&) {
        return std::make_unique<ves::viz::SurfacesCallback>(p);
      });
  registry.add<ves::Callback>(
      "curves",
      "training curves (losses, metrics, learning rate) as curves.png in the training folder "
      "(<stage>/ or <stage>/fold_<k>/) after every epoch, "
      "from metrics.csv",
      ves::viz::CurvesCallback::schema(), [](const ves::config::Params& p, const ves::Context&) {
        return std::make_unique<ves::viz::CurvesCallback>(p);
      });
  registry.add<ves::Stage>(
      "report",
      "the run's HTML report (report/index.html): config, curves, metrics, worst cases first with "
      "overlays, mesh links; `vhost report RUN_DIR` rebuilds it",
      ves::viz::ReportStage::schema(), [](const ves::config::Params& p, const ves::Context&) {
        return std::make_unique<ves::viz::ReportStage>(p);
      });
}

}  // namespace

VES_PLUGIN(VES_PLUGIN_NAME, "0.1.0",
           "Pictures with VTK: middle-slice montages of inputs, predictions and error maps; "
           "segmentation overlays; mask surfaces; training curves; HTML run reports",
           register_components)
