// The adapter: the Model component `vqvae3d` around the VqVae3d network (outputs "recon" and
// "vq_loss"; diagnostics perplexity and codebook_usage), its schema, and the plugin's exports.
#include "ves/api/model.hpp"
#include "ves/plugin/plugin.hpp"
#include "vqvae3d.hpp"

namespace {

using ves::config::Params;
using ves::config::Schema;
using ves_vqvae3d::VqVae3dOptions;

VqVae3dOptions read_options(const Params& p) {
  VqVae3dOptions o;
  o.in_channels = p.get_int("in_channels");
  o.channels = p.get_ints("channels");
  for (int64_t c : o.channels)
    if (c < 1)
      throw p.error("channels", "every stage needs at least one channel",
                    "e.g. [32, 64, 128, 256]");
  if (o.channels.empty())
    throw p.error("channels", "lists no encoder stage", "e.g. [32, 64, 128, 256]");
  o.negative_slope = p.get_double("negative_slope");
  o.dropout = p.get_double("dropout");
  o.quantizer.codes = p.get_int("codes");
  o.quantizer.code_dim = p.get_int("code_dim");
  o.quantizer.commitment = p.get_double("commitment");
  o.quantizer.ema = p.get_bool("ema");
  o.quantizer.decay = p.get_double("decay");
  o.quantizer.restart_dead = p.get_bool("restart_dead");
  o.quantizer.dead_usage = p.get_double("dead_usage");
  return o;
}

class VqVae3dModel : public ves::Model {
 public:
  explicit VqVae3dModel(const Params& p) : input_(p.get_string("input")), net_(read_options(p)) {}

  torch::nn::Module& module() override { return *net_; }

  ves::TensorMap forward(const ves::Batch& batch) override {
    const at::Tensor& x = batch.at(input_);
    net_->check_input(x, "batch tensor \"" + input_ + "\"");
    auto out = net_->forward(x);
    last_ = {{"perplexity", out.quantized.perplexity}, {"codebook_usage", out.quantized.usage}};
    ves::TensorMap outputs;
    outputs["recon"] = std::move(out.reconstruction);
    outputs["vq_loss"] = std::move(out.quantized.loss);
    outputs["codes"] = std::move(out.quantized.indices);
    return outputs;
  }

  ves::ScalarMap diagnostics() const override { return last_; }

 private:
  std::string input_;
  ves_vqvae3d::VqVae3d net_;
  ves::ScalarMap last_;
};

Schema vqvae3d_schema() {
  Schema s;
  s.text("input", "image", "batch tensor to reconstruct ([B, C, Z, Y, X], values in [0, 1])")
      .integer("in_channels", 1, "channels of the input (and of the reconstruction)", 1)
      .integers("channels", std::vector<int64_t>{32, 64, 128, 256},
                "channels of each stride-2 encoder stage (the decoder mirrors them); sizes must "
                "be multiples of 2^stages")
      .real("negative_slope", 0.2, "slope of the leaky ReLUs for negative inputs", 0.0, 1.0)
      .real("dropout", 0.1, "Dropout3d rate after each encoder and decoder stage (0 = none)", 0.0,
            0.99)
      .integer("codes", 512, "number of codebook vectors", 2)
      .integer("code_dim", 256, "dimension of each code (a 1x1x1 convolution adapts channels)", 1)
      .real("commitment", 0.25, "commitment cost beta: weight of ||z - sg(e)||^2 in vq_loss", 0.0)
      .flag("ema", false,
            "update the codebook by exponential moving averages of assigned vectors instead of "
            "the codebook loss")
      .real("decay", 0.99, "EMA decay of the codebook updates", 0.0, 1.0)
      .flag("restart_dead", false,
            "move codes that stay unused onto random encoder outputs of the current batch")
      .real("dead_usage", 0.03,
            "restart_dead: a code unused in the batch is dead when its moving-average share of "
            "assignments is below dead_usage x the uniform share 1/codes",
            0.0, 1.0);
  return s;
}

void register_components(ves::Registry& registry) {
  registry.add<ves::Model>(
      "vqvae3d",
      "3-D VQ-VAE (recipe B): recon in (0, 1), vq_loss, codes; diagnostics perplexity and "
      "codebook_usage",
      vqvae3d_schema(),
      [](const Params& p, const ves::Context&) { return std::make_unique<VqVae3dModel>(p); });
}

}  // namespace

VES_PLUGIN(VES_PLUGIN_NAME, "0.1.0", "3-D VQ-VAE for anomaly maps from reconstruction error",
           register_components)
