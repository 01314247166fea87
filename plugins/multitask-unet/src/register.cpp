// The adapter: the Model component `multitask_unet` (outputs class_logits and seg_logits,
// encoder and decoder parameter groups, ImageNet encoder weights from a file), its schema, and
// the plugin's exports.
#include <fmt/format.h>

#include "multitask_unet.hpp"
#include "pretrained_weights.hpp"
#include "ves/api/model.hpp"
#include "ves/core/error.hpp"
#include "ves/core/log.hpp"
#include "ves/plugin/plugin.hpp"

namespace {

using ves::config::Params;
using ves::config::Schema;
using ves_multitask::MultitaskOptions;

MultitaskOptions read_options(const Params& p) {
  MultitaskOptions o;
  const std::string encoder = p.get_string("encoder");
  o.encoder = encoder == "resnet34"          ? ves_multitask::EncoderKind::ResNet34
              : encoder == "efficientnet_b0" ? ves_multitask::EncoderKind::EfficientNetB0
                                             : ves_multitask::EncoderKind::ResNet18;
  o.in_channels = p.get_int("in_channels");
  o.seg_channels = p.get_int("seg_channels");
  o.classes = p.get_int("classes");
  o.decoder_channels = p.get_ints("decoder_channels");
  if (o.decoder_channels.size() != 5)
    throw p.error(
        "decoder_channels",
        fmt::format("needs 5 values (one per upsampling), got {}", o.decoder_channels.size()),
        "[256, 128, 64, 32, 16]");
  for (int64_t c : o.decoder_channels)
    if (c < 1) throw p.error("decoder_channels", "every value must be at least 1");
  o.attention = p.get_bool("attention");
  o.dropout = p.get_double("dropout");
  o.freeze_encoder = p.get_bool("freeze_encoder");
  return o;
}

class MultitaskUNetModel : public ves::Model {
 public:
  MultitaskUNetModel(const Params& p, const ves::Context& context)
      : input_(p.get_string("input")),
        encoder_lr_scale_(p.get_double("encoder_lr_scale")),
        net_(read_options(p)) {
    const std::string weights = p.get_string("encoder_weights");
    if (weights.empty() || context.validate_only || context.loads_checkpoint) return;
    try {
      const size_t copied = ves_multitask::load_encoder_weights(
          *net_->encoder, ves_multitask::read_weight_file(weights), weights);
      ves::log().info("multitask_unet: {} encoder tensors from {}", copied, weights);
    } catch (const ves::DataError& e) {
      throw p.error("encoder_weights", e.what());
    }
  }

  torch::nn::Module& module() override { return *net_; }

  ves::TensorMap forward(const ves::Batch& batch) override {
    const at::Tensor& x = batch.at(input_);
    net_->check_input(x, "batch tensor \"" + input_ + "\"");
    auto [class_logits, seg_logits] = net_->forward(x);
    return {{"class_logits", std::move(class_logits)}, {"seg_logits", std::move(seg_logits)}};
  }

  // The encoder learns at encoder_lr_scale x the base rate (none when frozen); the decoder and
  // both heads at the base rate.
  std::vector<ves::ParameterGroup> parameter_groups() override {
    ves::ParameterGroup encoder{"encoder", {}, encoder_lr_scale_};
    for (const auto& p : net_->encoder->parameters())
      if (p.requires_grad()) encoder.parameters.push_back(p);
    ves::ParameterGroup rest{"decoder_and_heads", {}, 1.0};
    for (const auto& item : net_->named_parameters())
      if (item.key().rfind("encoder.", 0) != 0) rest.parameters.push_back(item.value());
    return {encoder, rest};
  }

 private:
  std::string input_;
  double encoder_lr_scale_;
  ves_multitask::MultitaskUNet net_;
};

Schema multitask_schema() {
  Schema s;
  s.text("input", "image",
         "batch tensor fed to the network: 2-D slices [B, C, H, W], H and W multiples of 32")
      .choice("encoder", "resnet18", {"resnet18", "resnet34", "efficientnet_b0"},
              "shared encoder (torchvision's parameter names, so its ImageNet weights load)")
      .integer("in_channels", 3, "input channels (3 HU windows in recipe A)", 1)
      .integer("seg_channels", 1, "segmentation logit channels (1 = binary map)", 1)
      .integer("classes", 1, "classification logits (1 = fracture present or not)", 1)
      .integers("decoder_channels", std::vector<int64_t>{256, 128, 64, 32, 16},
                "channels of the five decoder blocks, deepest first")
      .flag("attention", true, "attention gates on the skip connections (Oktay et al. 2018)")
      .real("dropout", 0.2, "dropout before the classification layer", 0.0, 0.99)
      .path("encoder_weights", std::string(),
            "ImageNet encoder weights: a state dict saved with torch.save or a TorchScript file "
            "exported from torchvision; empty = random initialisation")
      .real("encoder_lr_scale", 0.1, "encoder learning rate as a factor of the base rate", 0.0)
      .flag("freeze_encoder", false, "keep the encoder's weights and batch-norm statistics fixed");
  return s;
}

void register_components(ves::Registry& registry) {
  registry.add<ves::Model>(
      "multitask_unet",
      "2-D multitask attention U-Net (recipe A): ResNet encoder, class head (class_logits) and "
      "attention U-Net decoder (seg_logits)",
      multitask_schema(), [](const Params& p, const ves::Context& context) {
        return std::make_unique<MultitaskUNetModel>(p, context);
      });
}

}  // namespace

VES_PLUGIN(VES_PLUGIN_NAME, "0.1.0",
           "Multitask attention U-Net: slice classification and segmentation (recipe A)",
           register_components)
