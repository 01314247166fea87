// The adapter: the Model component `torchscript` around a ScriptModule, its schema, and the
// plugin's exports.
#include "script_module.hpp"
#include "ves/api/model.hpp"
#include "ves/plugin/plugin.hpp"

namespace {

using ves::config::Params;

class TorchScriptModel : public ves::Model {
 public:
  TorchScriptModel(const Params& p, const ves::Context& context)
      : file_(p.get_string("file")),
        input_(p.get_string("input")),
        output_(p.get_string("output")),
        net_(ves_torchscript::load_script_module(file_, context.device)) {}

  torch::nn::Module& module() override { return *net_; }

  ves::TensorMap forward(const ves::Batch& batch) override {
    const at::Tensor& x = batch.at(input_);
    return ves_torchscript::name_outputs(net_->forward({x}), output_, file_);
  }

 private:
  std::string file_, input_, output_;
  ves_torchscript::ScriptModule net_;
};

void register_components(ves::Registry& registry) {
  ves::config::Schema schema;
  schema
      .path("file", std::nullopt,
            "TorchScript file saved in Python with torch.jit.save (relative to the YAML file)")
      .text("input", "image", "batch tensor passed to the module's forward")
      .text("output", "seg_logits",
            "name of the returned tensor; a tuple gives output, output_1, ...; a dict keeps "
            "its keys");
  registry.add<ves::Model>("torchscript",
                           "run a network trained in PyTorch and exported with torch.jit.save",
                           schema, [](const Params& p, const ves::Context& context) {
                             return std::make_unique<TorchScriptModel>(p, context);
                           });
}

}  // namespace

VES_PLUGIN(VES_PLUGIN_NAME, "0.1.0", "TorchScript models exported from PyTorch",
           register_components)
