// The adapters: sampler components around the patch maths, their schemas, the plugin's exports.
#include <algorithm>
#include "case_samplers.hpp"
#include "patch_sampler.hpp"
#include "slice_sampler.hpp"
#include "ves/plugin/plugin.hpp"

namespace {

using ves::config::Params;
using ves::config::Schema;

// patch_size: written x, y[, z] like every size in a config; returned in tensor order.
std::vector<int64_t> patch_size_param(const Params& p) {
  auto size = p.get_ints("patch_size");
  if (size.size() != 2 && size.size() != 3) {
    throw p.error("patch_size",
                  "needs 3 values (x, y, z) or 2 (x, y), got " + std::to_string(size.size()));
  }
  std::reverse(size.begin(), size.end());
  for (int64_t n : size) {
    if (n < 1) throw p.error("patch_size", "every axis must be at least 1 voxel");
  }
  return size;
}

double overlap_param(const Params& p) {
  const double overlap = p.get_double("overlap");
  if (overlap >= 1.0) {
    throw p.error("overlap", "must be below 1 (windows would never move)", "0.5 is usual");
  }
  return overlap;
}

void add_patch_size(Schema& schema) {
  schema.integers("patch_size", std::nullopt, "patch size in voxels (x, y, z), or (x, y) for 2-D");
}

void add_padding(Schema& schema) {
  schema.text("label", "label",
              "volume whose voxels > 0 are foreground; padded with 0 like integer volumes");
  schema.real("pad_value", 0.0,
              "padding value of floating-point volumes (the image) where the case is smaller "
              "than the patch");
}

void register_components(ves::Registry& registry) {
  Schema patch;
  add_patch_size(patch);
  patch.real("foreground_ratio", 0.5,
             "share of items centred on a random foreground voxel (0.7 for small lesions)", 0.0,
             1.0);
  patch.real("offset", 0.25,
             "largest random shift of the centre per axis, as a fraction of the patch size", 0.0,
             0.5);
  add_padding(patch);
  registry.add<ves::Sampler>(
      "patch", "random training patches with a foreground ratio, padded when the case is small",
      patch, [](const Params& p, const ves::Context&) {
        return std::make_unique<ves::samplers::PatchSampler>(ves::samplers::PatchOptions{
            patch_size_param(p), p.get_double("foreground_ratio"), p.get_double("offset"),
            p.get_string("label"), p.get_double("pad_value")});
      });

  registry.add<ves::Sampler>("full_volume",
                             "every whole case once, in order (validation; use batch size 1)",
                             Schema{}, [](const Params&, const ves::Context&) {
                               return std::make_unique<ves::samplers::FullVolumeSampler>();
                             });

  Schema grid;
  add_patch_size(grid);
  grid.real("overlap", 0.5, "fraction of the patch shared by neighbouring windows, in [0, 1)", 0.0,
            1.0);
  add_padding(grid);
  registry.add<ves::Sampler>(
      "grid", "a regular grid of patches over every case (validation on patches)", grid,
      [](const Params& p, const ves::Context&) {
        return std::make_unique<ves::samplers::GridSampler>(
            patch_size_param(p), overlap_param(p),
            ves::samplers::PatchPadding{p.get_double("pad_value"), p.get_string("label")});
      });

  Schema slices;
  slices.texts("orientations", std::vector<std::string>{"axial"},
               "orientations of 3-D cases to slice: axial (fixed z), coronal (fixed y), sagittal "
               "(fixed x); reorient to RAS/LPS first");
  slices.text("label", "label", "mask whose pixels > 0 make a slice positive");
  slices.text("class_from", "",
              "2-D cases (a table of pre-cut slices): this scalar column is the class instead of "
              "the mask, e.g. fracture");
  slices.text("target", "slice_label",
              "scalar each slice gets, its class 0 or 1: the target of the classification loss");
  slices.choice("balance", "batch", {"batch", "oversample", "none"},
                "batch: every batch half positive, half negative, batches per epoch set by the "
                "smaller class (even batch_size); oversample: positives repeated; none: all once");
  slices.integer("positive_repeat", 9, "oversample: copies of each positive slice per epoch", 1);
  registry.add<ves::Sampler>(
      "slices", "2-D slices of 3-D cases with a class label each, in balanced batches", slices,
      [](const Params& p, const ves::Context&) {
        ves::samplers::SliceSamplerOptions options;
        try {
          options.orientations = ves::parse_slice_orientations(p.get_strings("orientations"));
        } catch (const ves::Error& e) {
          throw p.error("orientations", e.what(), "[axial]");
        }
        options.label = p.get_string("label");
        options.class_from = p.get_string("class_from");
        options.target = p.get_string("target");
        const std::string balance = p.get_string("balance");
        options.balance = balance == "batch"        ? ves::samplers::SliceBalance::Batch
                          : balance == "oversample" ? ves::samplers::SliceBalance::Oversample
                                                    : ves::samplers::SliceBalance::None;
        options.positive_repeat = p.get_int("positive_repeat");
        return std::make_unique<ves::samplers::SliceSampler>(std::move(options));
      });
}

}  // namespace

VES_PLUGIN(VES_PLUGIN_NAME, "0.1.0", "Patch, whole-case, grid and slice samplers",
           register_components)
