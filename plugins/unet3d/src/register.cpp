// The adapter: the Model component `unet3d` around the UNet3d network, its schema, and the
// plugin's exports.
#include "unet3d.hpp"
#include "ves/api/model.hpp"
#include "ves/plugin/plugin.hpp"

namespace {

using ves::config::Params;
using ves::config::Schema;
using ves_unet3d::UNet3dOptions;

UNet3dOptions read_options(const Params& p) {
  UNet3dOptions o;
  o.in_channels = p.get_int("in_channels");
  o.out_channels = p.get_int("out_channels");
  o.depth = p.get_int("depth");
  o.base_channels = p.get_int("base_channels");
  o.max_channels = p.get_int("max_channels");
  const auto norm = p.get_string("norm");
  o.block.norm = norm == "group"   ? ves_unet3d::Norm::Group
                 : norm == "batch" ? ves_unet3d::Norm::Batch
                                   : ves_unet3d::Norm::Instance;
  o.block.groups = p.get_int("groups");
  o.block.activation = p.get_string("activation") == "relu" ? ves_unet3d::Activation::ReLU
                                                            : ves_unet3d::Activation::LeakyReLU;
  o.block.negative_slope = p.get_double("negative_slope");
  o.block.dropout = p.get_double("dropout");
  o.down = p.get_string("down") == "strided" ? ves_unet3d::Downsampling::Strided
                                             : ves_unet3d::Downsampling::MaxPool;
  o.up = p.get_string("up") == "trilinear" ? ves_unet3d::Upsampling::Trilinear
                                           : ves_unet3d::Upsampling::Transposed;
  o.deep_supervision = p.get_bool("deep_supervision");
  // The schema bounds every other option, so only group norm's divisibility can fail here.
  if (const auto problem = ves_unet3d::groups_problem(o); !problem.empty()) {
    throw p.error("groups", problem,
                  "choose a power of two no larger than base_channels, or use norm: instance");
  }
  return o;
}

class UNet3dModel : public ves::Model {
 public:
  explicit UNet3dModel(const Params& p) : input_(p.get_string("input")), net_(read_options(p)) {}

  torch::nn::Module& module() override { return *net_; }

  ves::TensorMap forward(const ves::Batch& batch) override {
    const at::Tensor& x = batch.at(input_);
    net_->check_input(x, "batch tensor \"" + input_ + "\"");
    auto logits = net_->forward(x);
    ves::TensorMap outputs;
    outputs["seg_logits"] = std::move(logits[0]);
    for (size_t level = 1; level < logits.size(); ++level) {
      outputs["seg_logits_ds" + std::to_string(level)] = std::move(logits[level]);
    }
    return outputs;
  }

 private:
  std::string input_;
  ves_unet3d::UNet3d net_;
};

Schema unet3d_schema() {
  Schema s;
  s.text("input", "image", "batch tensor fed to the network ([B, C, Z, Y, X])")
      .integer("in_channels", 1, "channels of the input tensor", 1)
      .integer("out_channels", 1,
               "logit channels: 1 = binary (sigmoid) head, > 1 = multi-class (softmax) head", 1)
      .integer("depth", 4, "number of downsamplings (4 = five resolutions)", 1, 7)
      .integer("base_channels", 32, "channels at full resolution, doubled at each level", 1)
      .integer("max_channels", 512, "cap on the channels of any level", 1)
      .choice("norm", "instance", {"instance", "group", "batch"},
              "normalisation after each convolution (instance norm has affine weights)")
      .integer("groups", 8, "groups of group norm; must divide every level's channels", 1)
      .choice("activation", "leaky_relu", {"leaky_relu", "relu"},
              "activation after each normalisation")
      .real("negative_slope", 0.01, "slope of leaky_relu for negative inputs", 0.0, 1.0)
      .real("dropout", 0.0, "Dropout3d rate after the first convolution of each stage (0 = none)",
            0.0, 0.99)
      .choice("down", "maxpool", {"maxpool", "strided"},
              "downsampling: 2x2x2 max pooling, or stride 2 in the next stage's first convolution")
      .choice("up", "transposed", {"transposed", "trilinear"},
              "upsampling: 2x2x2 transposed convolution, or trilinear x2 then a 1x1x1 convolution")
      .flag("deep_supervision", false,
            "also output seg_logits_ds1 (1/2 resolution), seg_logits_ds2 (1/4), ... up to depth-1");
  return s;
}

void register_components(ves::Registry& registry) {
  registry.add<ves::Model>(
      "unet3d",
      "plain 3-D U-Net (nnU-Net style) giving seg_logits; any input size (padded internally)",
      unet3d_schema(),
      [](const Params& p, const ves::Context&) { return std::make_unique<UNet3dModel>(p); });
}

}  // namespace

VES_PLUGIN(VES_PLUGIN_NAME, "0.1.0", "3-D U-Net segmentation model (nnU-Net style)",
           register_components)
