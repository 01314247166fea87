// The adapters: Transform components around the augmentation maths, their schemas, and the
// plugin's exports. Every component draws only from the Rng given to apply() (or, with
// same_for_slices, from one derived from the run seed and the slice's source volume).
#include <ATen/ATen.h>

#include <algorithm>
#include <optional>

#include "blur.hpp"
#include "intensity.hpp"
#include "resample.hpp"
#include "spatial.hpp"
#include "ves/api/transform.hpp"
#include "ves/core/error.hpp"
#include "ves/plugin/plugin.hpp"
#include "volume_rng.hpp"

namespace {

using ves::config::Params;
using ves::config::Schema;
using Range = std::array<double, 2>;

// ---------------------------------------------------------------------------------------------
// Parameter helpers

Schema& bounded_reals(Schema& schema, std::string name, std::vector<double> def, std::string doc,
                      std::optional<double> min, std::optional<double> max,
                      std::optional<size_t> length = {}) {
  Schema one;
  one.reals(std::move(name), std::move(def), std::move(doc), length);
  auto spec = one.params().front();
  spec.min = min;
  spec.max = max;
  return schema.add(std::move(spec));
}

Range range_param(const Params& p, const std::string& name) {
  const auto v = p.get_doubles(name);
  if (v[0] > v[1]) throw p.error(name, "the range must be [low, high] with low <= high");
  return {v[0], v[1]};
}

// A per-axis list in (x, y, z) order of 2 or 3 values; 2 values leave z at `z_default`.
std::array<double, 3> axes_param(const Params& p, const std::string& name, double z_default) {
  const auto v = p.get_doubles(name);
  if (v.size() != 2 && v.size() != 3) {
    throw p.error(name, "needs 2 (x, y) or 3 (x, y, z) values, got " + std::to_string(v.size()));
  }
  return {v[0], v[1], v.size() == 3 ? v[2] : z_default};
}

void add_probability(Schema& schema, double def = 1.0) {
  schema.real("p", def, "probability that the transform runs on a sample", 0.0, 1.0);
}

void add_keys(Schema& schema) {
  schema.texts("keys", std::vector<std::string>{"image"},
               "image volumes to transform (each must be present)");
}

void add_label_keys(Schema& schema) {
  schema.texts("label_keys", std::vector<std::string>{"label"},
               "label volumes moved with the images, nearest neighbour (skipped when absent)");
}

void add_same_for_slices(Schema& schema) {
  schema.flag("same_for_slices", false,
              "draw from a stream of (seed, meta source_case or case id, orientation, epoch) so "
              "all slices of one volume get the same parameters; needs meta epoch");
}

bool draw_run(ves::Rng& rng, double p) {
  if (p >= 1.0) return true;
  if (p <= 0.0) return false;
  return rng.bernoulli(p);
}

// The volumes one geometric transform moves together, by name; all must share one grid.
struct Group {
  std::vector<std::pair<std::string, ves::Volume*>> images, labels;

  /// The first volume, whose grid all share (null when there is none).
  const std::pair<std::string, ves::Volume*>* first() const {
    if (!images.empty()) return &images.front();
    return labels.empty() ? nullptr : &labels.front();
  }
  const ves::Volume* reference() const { return first() ? first()->second : nullptr; }
  template <class F>
  void each(F&& f) const {
    for (const auto& [name, v] : images) f(*v);
    for (const auto& [name, v] : labels) f(*v);
  }
};

Group collect(ves::Sample& sample, const std::vector<std::string>& keys,
              const std::vector<std::string>& label_keys, const std::string& component) {
  Group g;
  for (const auto& k : keys) g.images.emplace_back(k, &sample.volume(k));
  for (const auto& k : label_keys) {
    if (sample.has_volume(k)) g.labels.emplace_back(k, &sample.volume(k));
  }
  const ves::Volume* ref = g.reference();
  if (!ref) return g;
  if (ref->data.dim() != 3 && ref->data.dim() != 4) {
    throw ves::DataError("case " + sample.case_id + ": " + component +
                         " needs [C, Z, Y, X] or [C, Y, X] volumes, got " + ref->describe());
  }
  const auto shape = ref->data.sizes().slice(1);
  for (const auto* list : {&g.images, &g.labels}) {
    for (const auto& [name, v] : *list) {
      if (v->data.sizes().slice(1) != shape) {
        throw ves::DataError("case " + sample.case_id + ": " + component + " moves " + name + " (" +
                             v->describe() + ") with " + g.first()->first + " (" + ref->describe() +
                             "), but their grids differ");
      }
    }
  }
  return g;
}

void check_disjoint(const Params& p) {
  for (const auto& k : p.get_strings("label_keys")) {
    const auto keys = p.get_strings("keys");
    if (std::find(keys.begin(), keys.end(), k) != keys.end()) {
      throw p.error("label_keys", k + " is also in keys", "a volume is either an image or a label");
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Geometric transforms

class GeometricTransform : public ves::Transform {
 public:
  GeometricTransform(const Params& p, const ves::Context& context)
      : keys_(p.get_strings("keys")),
        label_keys_(p.get_strings("label_keys")),
        p_(p.get_double("p")),
        same_for_slices_(p.get_bool("same_for_slices")),
        seed_(context.seed) {
    check_disjoint(p);
  }
  bool is_random() const override { return true; }

 protected:
  // The stream geometric parameters come from: the caller's, or the source volume's.
  template <class F>
  void with_rng(const ves::Sample& sample, ves::Rng& rng, size_t step, F&& body) const {
    if (!same_for_slices_) return body(rng);
    ves::Rng shared = ves_augment::volume_rng(seed_, sample, step);
    body(shared);
  }

  std::vector<std::string> keys_, label_keys_;
  double p_;
  bool same_for_slices_;
  uint64_t seed_;
};

class Flip : public GeometricTransform {
 public:
  Flip(const Params& p, const ves::Context& context)
      : GeometricTransform(p, context), axis_p_(axes_param(p, "axis_p", 0.0)) {}

  void apply(ves::Sample& sample, ves::Rng& rng, size_t step) const override {
    Group g = collect(sample, keys_, label_keys_, "flip");
    const ves::Volume* ref = g.reference();
    if (!ref) return;
    const int64_t rank = ref->spatial_dims();
    std::vector<int64_t> dims;
    with_rng(sample, rng, step, [&](ves::Rng& r) {
      if (!draw_run(r, p_)) return;
      for (int64_t i = 0; i < rank; ++i) {
        const double q = axis_p_[static_cast<size_t>(i)];
        if (q > 0 && r.bernoulli(q)) dims.push_back(rank - i);  // axis x is the last dim
      }
    });
    if (dims.empty()) return;
    g.each([&](ves::Volume& v) { v.data = at::flip(v.data, dims); });
  }

 private:
  std::array<double, 3> axis_p_;
};

ves_augment::Padding padding_param(const Params& p, const std::string& name) {
  const auto s = p.get_string(name);
  if (s == "border") return ves_augment::Padding::Border;
  if (s == "reflection") return ves_augment::Padding::Reflection;
  return ves_augment::Padding::Zeros;
}

class Spatial : public GeometricTransform {
 public:
  Spatial(const Params& p, const ves::Context& context)
      : GeometricTransform(p, context),
        interpolation_(p.get_string("interpolation") == "nearest"
                           ? ves_augment::Interpolation::Nearest
                           : ves_augment::Interpolation::Linear),
        padding_(padding_param(p, "padding")),
        label_padding_(padding_param(p, "label_padding")),
        physical_rotation_(p.get_bool("physical_rotation")) {
    auto& r = ranges_;
    r.flip_p = axes_param(p, "flip_p", 0.0);
    r.rotate_deg = {range_param(p, "rotate_x"), range_param(p, "rotate_y"),
                    range_param(p, "rotate_z")};
    r.rotate_p = p.get_double("rotate_p");
    r.scale = range_param(p, "scale");
    if (r.scale[0] <= 0) throw p.error("scale", "scale factors must be positive");
    r.isotropic_scale = p.get_bool("isotropic_scale");
    r.scale_p = p.get_double("scale_p");
    r.translate = axes_param(p, "translate", 0.0);
    const auto units = p.get_string("translate_units");
    r.translate_units = units == "voxels" ? ves_augment::TranslateUnits::Voxels
                        : units == "mm"   ? ves_augment::TranslateUnits::Millimetres
                                          : ves_augment::TranslateUnits::Fraction;
    r.translate_p = p.get_double("translate_p");
    output_size_ = p.get_ints("output_size");
    if (!output_size_.empty() && output_size_.size() != 2 && output_size_.size() != 3) {
      throw p.error("output_size", "needs [] (the input's size), [x, y] or [x, y, z]");
    }
    for (const int64_t n : output_size_) {
      if (n < 1) throw p.error("output_size", "sizes must be at least 1 voxel");
    }
  }

  void apply(ves::Sample& sample, ves::Rng& rng, size_t step) const override {
    Group g = collect(sample, keys_, label_keys_, "spatial");
    const ves::Volume* ref = g.reference();
    if (!ref) return;
    const int dims = static_cast<int>(ref->spatial_dims());
    const std::vector<int64_t> in_shape = ref->data.sizes().slice(1).vec();
    const std::vector<int64_t> out_shape = output_shape(sample, dims, in_shape);
    const auto in_size = ref->size_xyz();
    auto spacing = ref->geometry.spacing;
    for (double& s : spacing) {
      if (!(s > 0)) s = 1.0;
    }

    ves_augment::SpatialDraw draw;
    bool run = false;
    with_rng(sample, rng, step, [&](ves::Rng& r) {
      run = draw_run(r, p_);
      if (run) draw = ves_augment::draw_spatial(ranges_, dims, in_size, spacing, r);
    });
    if (!run && out_shape == in_shape) return;
    const auto map = ves_augment::sampling_map(
        draw, dims, physical_rotation_ ? spacing : std::array<double, 3>{1, 1, 1});
    const ves_augment::Resampler resample(map, in_shape, out_shape);  // one grid for all
    for (auto& [name, v] : g.images) v->data = resample(v->data, interpolation_, padding_);
    for (auto& [name, v] : g.labels) {
      v->data = resample(v->data, ves_augment::Interpolation::Nearest, label_padding_);
    }
    if (out_shape != in_shape) {
      std::array<int64_t, 3> out_size{1, 1, 1};
      for (int i = 0; i < dims; ++i) {
        out_size[static_cast<size_t>(i)] = out_shape[static_cast<size_t>(dims - 1 - i)];
      }
      g.each([&](ves::Volume& v) {
        v.geometry = ves_augment::centred_geometry(v.geometry, in_size, out_size);
      });
    }
  }

 private:
  std::vector<int64_t> output_shape(const ves::Sample& sample, int dims,
                                    const std::vector<int64_t>& in_shape) const {
    if (output_size_.empty()) return in_shape;
    if (dims == 3 && output_size_.size() != 3) {
      throw ves::DataError("case " + sample.case_id +
                           ": spatial output_size has 2 values (x, y) but the volume is 3-D; give "
                           "[x, y, z]");
    }
    std::vector<int64_t> shape(static_cast<size_t>(dims));
    for (int i = 0; i < dims; ++i) {
      shape[static_cast<size_t>(dims - 1 - i)] = output_size_[static_cast<size_t>(i)];
    }
    return shape;
  }

  ves_augment::SpatialRanges ranges_;
  ves_augment::Interpolation interpolation_;
  ves_augment::Padding padding_, label_padding_;
  bool physical_rotation_;
  std::vector<int64_t> output_size_;
};

// ---------------------------------------------------------------------------------------------
// Intensity transforms (images only)

class IntensityTransform : public ves::Transform {
 public:
  explicit IntensityTransform(const Params& p)
      : keys_(p.get_strings("keys")),
        p_(p.get_double("p")),
        per_channel_(p.has("per_channel") && p.get_bool("per_channel")) {}
  bool is_random() const override { return true; }

  void apply(ves::Sample& sample, ves::Rng& rng, size_t) const override {
    std::vector<ves::Volume*> volumes;
    int64_t channels = 1;
    for (const auto& k : keys_) {
      volumes.push_back(&sample.volume(k));
      channels = std::max(channels, volumes.back()->channels());
    }
    if (volumes.empty() || !draw_run(rng, p_)) return;
    // One draw for the sample (one value, or one per channel), shared by all its images.
    const auto values = draw(rng, per_channel_ ? channels : 1);
    for (auto* v : volumes) {
      // Moved in: the op may reuse the memory when the sample held the only reference.
      v->data = transform(std::move(v->data), first(values, per_channel_ ? v->channels() : 1), rng);
    }
  }

 protected:
  using Values = std::vector<std::vector<double>>;  // per channel, each the op's numbers

  virtual Values draw(ves::Rng& rng, int64_t channels) const = 0;
  virtual at::Tensor transform(at::Tensor x, const Values& values, ves::Rng& rng) const = 0;

  // Column `j` of the values: one number per channel.
  static std::vector<double> column(const Values& values, size_t j) {
    std::vector<double> out;
    for (const auto& v : values) out.push_back(v[j]);
    return out;
  }

 private:
  static Values first(const Values& values, int64_t n) {
    return Values(values.begin(), values.begin() + n);
  }

  std::vector<std::string> keys_;
  double p_;
  bool per_channel_;
};

double uniform_in(ves::Rng& rng, const Range& r) {
  return r[0] == r[1] ? r[0] : rng.uniform(r[0], r[1]);
}

// One number per channel drawn uniformly from `range`, then applied by `op`.
class UniformIntensity : public IntensityTransform {
 public:
  using Op = at::Tensor (*)(at::Tensor, const std::vector<double>&);
  UniformIntensity(const Params& p, Op op)
      : IntensityTransform(p), range_(range_param(p, "range")), op_(op) {}

 protected:
  Values draw(ves::Rng& rng, int64_t channels) const override {
    Values v;
    for (int64_t c = 0; c < channels; ++c) v.push_back({uniform_in(rng, range_)});
    return v;
  }
  at::Tensor transform(at::Tensor x, const Values& values, ves::Rng&) const override {
    return op_(std::move(x), column(values, 0));
  }

 private:
  Range range_;
  Op op_;
};

class BrightnessContrast : public IntensityTransform {
 public:
  explicit BrightnessContrast(const Params& p)
      : IntensityTransform(p),
        contrast_(range_param(p, "contrast")),
        brightness_(range_param(p, "brightness")),
        preserve_range_(p.get_bool("preserve_range")) {}

 protected:
  Values draw(ves::Rng& rng, int64_t channels) const override {
    Values v;
    for (int64_t c = 0; c < channels; ++c) {
      const double contrast = uniform_in(rng, contrast_);
      v.push_back({contrast, uniform_in(rng, brightness_)});
    }
    return v;
  }
  at::Tensor transform(at::Tensor x, const Values& values, ves::Rng&) const override {
    return ves_augment::adjust_contrast(std::move(x), column(values, 0), column(values, 1),
                                        preserve_range_);
  }

 private:
  Range contrast_, brightness_;
  bool preserve_range_;
};

class Gamma : public IntensityTransform {
 public:
  explicit Gamma(const Params& p) : IntensityTransform(p), range_(range_param(p, "range")) {
    if (range_[0] <= 0) throw p.error("range", "gamma must be positive");
  }

 protected:
  Values draw(ves::Rng& rng, int64_t channels) const override {
    Values v;
    for (int64_t c = 0; c < channels; ++c) {
      // As nnU-Net: when the range straddles 1, darkening and brightening are equally likely.
      if (range_[0] < 1 && range_[1] > 1) {
        v.push_back(
            {rng.bernoulli(0.5) ? rng.uniform(range_[0], 1.0) : rng.uniform(1.0, range_[1])});
      } else {
        v.push_back({uniform_in(rng, range_)});
      }
    }
    return v;
  }
  at::Tensor transform(at::Tensor x, const Values& values, ves::Rng&) const override {
    return ves_augment::adjust_gamma(std::move(x), column(values, 0));
  }

 private:
  Range range_;
};

class GaussianNoise : public IntensityTransform {
 public:
  explicit GaussianNoise(const Params& p) : IntensityTransform(p), std_(range_param(p, "std")) {}

 protected:
  Values draw(ves::Rng& rng, int64_t channels) const override {
    Values v;
    for (int64_t c = 0; c < channels; ++c) v.push_back({uniform_in(rng, std_)});
    return v;
  }
  at::Tensor transform(at::Tensor x, const Values& values, ves::Rng& rng) const override {
    return ves_augment::add_gaussian_noise(std::move(x), column(values, 0), rng.torch_generator());
  }

 private:
  Range std_;
};

class GaussianBlur : public IntensityTransform {
 public:
  explicit GaussianBlur(const Params& p)
      : IntensityTransform(p),
        sigma_(range_param(p, "sigma")),
        per_axis_(p.get_bool("per_axis")),
        truncate_(p.get_double("truncate")) {}

 protected:
  Values draw(ves::Rng& rng, int64_t channels) const override {
    Values v;
    for (int64_t c = 0; c < channels; ++c) {
      const double s = uniform_in(rng, sigma_);
      if (per_axis_) {
        const double y = uniform_in(rng, sigma_);
        v.push_back({s, y, uniform_in(rng, sigma_)});
      } else {
        v.push_back({s, s, s});
      }
    }
    return v;
  }
  at::Tensor transform(at::Tensor x, const Values& values, ves::Rng&) const override {
    std::vector<std::array<double, 3>> sigmas;
    for (const auto& v : values) sigmas.push_back({v[0], v[1], v[2]});
    return ves_augment::gaussian_blur(std::move(x), sigmas, truncate_);
  }

 private:
  Range sigma_;
  bool per_axis_;
  double truncate_;
};

// ---------------------------------------------------------------------------------------------
// Registration

Schema intensity_schema(bool per_channel, const std::string& per_channel_doc) {
  Schema s;
  add_keys(s);
  add_probability(s);
  if (per_channel) s.flag("per_channel", false, per_channel_doc);
  return s;
}

template <class T>
auto factory() {
  return [](const Params& p, const ves::Context& c) { return std::make_unique<T>(p, c); };
}

template <class T>
auto intensity_factory() {
  return [](const Params& p, const ves::Context&) { return std::make_unique<T>(p); };
}

void register_components(ves::Registry& r) {
  {
    Schema s;
    add_keys(s);
    add_label_keys(s);
    add_probability(s);
    bounded_reals(s, "axis_p", {0.5, 0.5, 0.5},
                  "probability of flipping each axis (x, y[, z]); 2-D uses x, y", 0.0, 1.0);
    add_same_for_slices(s);
    r.add<ves::Transform>("flip",
                          "random flips per axis, exact (at::flip), image and label together", s,
                          factory<Flip>());
  }
  {
    Schema s;
    add_keys(s);
    add_label_keys(s);
    add_probability(s);
    bounded_reals(s, "flip_p", {0.0, 0.0, 0.0}, "probability of flipping each axis (x, y[, z])",
                  0.0, 1.0);
    bounded_reals(s, "rotate_x", {0.0, 0.0}, "rotation about x, [low, high] degrees (3-D only)",
                  -180.0, 180.0, 2);
    bounded_reals(s, "rotate_y", {0.0, 0.0}, "rotation about y, [low, high] degrees (3-D only)",
                  -180.0, 180.0, 2);
    bounded_reals(s, "rotate_z", {0.0, 0.0},
                  "rotation about z (in-plane for 2-D), [low, high] degrees; +x turns to +y",
                  -180.0, 180.0, 2);
    s.real("rotate_p", 1.0, "probability of rotating when the transform runs", 0.0, 1.0);
    bounded_reals(s, "scale", {1.0, 1.0}, "zoom factor range [low, high]; > 1 enlarges the content",
                  0.01, 100.0, 2);
    s.flag("isotropic_scale", true, "one zoom factor for all axes (else one per axis)");
    s.real("scale_p", 1.0, "probability of scaling when the transform runs", 0.0, 1.0);
    bounded_reals(
        s, "translate", {0.0, 0.0, 0.0},
        "largest shift per axis (x, y[, z]), drawn uniformly in [-t, t], in translate_units", 0.0,
        {});
    s.choice("translate_units", "fraction", {"fraction", "voxels", "mm"},
             "unit of translate: fraction of the axis size, voxels or millimetres");
    s.real("translate_p", 1.0, "probability of translating when the transform runs", 0.0, 1.0);
    s.integers("output_size", std::vector<int64_t>{},
               "output grid (x, y[, z]) centred on the input's centre, e.g. the patch size; [] "
               "keeps the input size");
    s.choice("interpolation", "linear", {"linear", "nearest"}, "image interpolation");
    s.choice("padding", "zeros", {"zeros", "border", "reflection"},
             "image values outside the input: zeros, nearest edge voxel, or mirrored");
    s.choice("label_padding", "zeros", {"zeros", "border", "reflection"},
             "label values outside the input");
    s.flag("physical_rotation", true,
           "rotate in millimetres (true rotations on anisotropic grids) rather than voxels");
    add_same_for_slices(s);
    r.add<ves::Transform>(
        "spatial",
        "random flips, rotations, scaling and translation as one affine, one resampling pass "
        "(linear images, nearest labels)",
        s, factory<Spatial>());
  }
  {
    Schema s = intensity_schema(true, "one factor per channel");
    bounded_reals(s, "range", {0.9, 1.1}, "multiplier range [low, high]", {}, {}, 2);
    r.add<ves::Transform>("intensity_scale", "multiply image intensities by a random factor", s,
                          [](const Params& p, const ves::Context&) {
                            return std::make_unique<UniformIntensity>(p, &ves_augment::multiply);
                          });
  }
  {
    Schema s = intensity_schema(true, "one offset per channel");
    bounded_reals(s, "range", {-0.1, 0.1}, "offset range [low, high], added to intensities", {}, {},
                  2);
    r.add<ves::Transform>("intensity_shift", "add a random offset to image intensities", s,
                          [](const Params& p, const ves::Context&) {
                            return std::make_unique<UniformIntensity>(p, &ves_augment::add);
                          });
  }
  {
    Schema s = intensity_schema(true, "factors and means per channel");
    bounded_reals(s, "contrast", {0.9, 1.1}, "contrast factor range about the mean", 0.0, {}, 2);
    bounded_reals(s, "brightness", {0.0, 0.0}, "offset range added after the contrast change", {},
                  {}, 2);
    s.flag("preserve_range", false, "clip the result to the input's [min, max]");
    r.add<ves::Transform>("brightness_contrast",
                          "scale intensities about their mean (contrast), then add an offset", s,
                          intensity_factory<BrightnessContrast>());
  }
  {
    Schema s = intensity_schema(true, "one gamma and min/max per channel");
    bounded_reals(s, "range", {0.7, 1.5},
                  "gamma range; when it contains 1, gammas below and above 1 are equally likely",
                  0.0, {}, 2);
    r.add<ves::Transform>("gamma",
                          "gamma on min-max normalised intensities, original range restored", s,
                          intensity_factory<Gamma>());
  }
  {
    Schema s = intensity_schema(true, "one std per channel");
    bounded_reals(s, "std", {0.0, 0.1}, "noise standard deviation range [low, high]", 0.0, {}, 2);
    r.add<ves::Transform>("gaussian_noise", "add zero-mean Gaussian noise to image intensities", s,
                          intensity_factory<GaussianNoise>());
  }
  {
    Schema s = intensity_schema(true, "one sigma per channel");
    bounded_reals(s, "sigma", {0.5, 1.0}, "Gaussian sigma range in voxels", 0.0, {}, 2);
    s.flag("per_axis", false, "one sigma per axis (else the same on all axes)");
    s.real("truncate", 3.0, "kernel radius in sigmas", 0.5, 10.0);
    r.add<ves::Transform>("gaussian_blur",
                          "separable Gaussian smoothing of images (mean preserved)", s,
                          intensity_factory<GaussianBlur>());
  }
}

}  // namespace

VES_PLUGIN(VES_PLUGIN_NAME, "0.1.0",
           "Random augmentations: spatial (one affine pass), flip, intensity, noise, blur",
           register_components)
