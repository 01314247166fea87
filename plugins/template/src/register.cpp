// The adapter: a Transform component around scale_intensity, and the plugin's exports.
#include "intensity_scale.hpp"
#include "ves/api/transform.hpp"
#include "ves/plugin/plugin.hpp"

namespace {

class ScaleTransform : public ves::Transform {
 public:
  explicit ScaleTransform(const ves::config::Params& p)
      : volumes_(p.get_strings("volumes")),
        factor_(p.get_double("factor")),
        offset_(p.get_double("offset")) {
    if (factor_ == 0.0) throw p.error("factor", "must not be 0", "a zero factor erases the image");
  }

  void apply(ves::Sample& sample, ves::Rng&, size_t) const override {
    for (const auto& name : volumes_) {
      ves::Volume& v = sample.volume(name);  // names the case when the volume is missing
      v.data = ves_template::scale_intensity(v.data, factor_, offset_);
    }
  }

 private:
  std::vector<std::string> volumes_;
  double factor_, offset_;
};

void register_components(ves::Registry& registry) {
  ves::config::Schema schema;
  schema.texts("volumes", std::vector<std::string>{"image"}, "volumes to scale")
      .real("factor", 1.0, "multiplier")
      .real("offset", 0.0, "added after multiplying");
  registry.add<ves::Transform>(std::string(VES_PLUGIN_ID) + "_scale",
                               "multiply intensities by a factor and add an offset", schema,
                               [](const ves::config::Params& p, const ves::Context&) {
                                 return std::make_unique<ScaleTransform>(p);
                               });
}

}  // namespace

VES_PLUGIN(VES_PLUGIN_NAME, "0.1.0", "Example plugin: an intensity scaling transform",
           register_components)
