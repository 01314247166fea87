// TorchScript modules built and saved here in C++ (as torch.jit.save would in Python), loaded
// through the built plugin as a pipeline does, and the ScriptModule wrapper on its own.
#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <torch/csrc/jit/api/module.h>
#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "script_module.hpp"
#include "ves/api/model.hpp"
#include "ves/core/error.hpp"
#include "ves_test/plugin_under_test.hpp"

namespace {

namespace fs = std::filesystem;

// A module with one parameter w [1, 2, 1, 1, 1] = (2, -1), a "training" flag as Python modules
// have, and the given forward method.
torch::jit::Module weighted_module(const std::string& forward) {
  torch::jit::Module m("m");
  m.register_parameter("w", at::tensor({2.0f, -1.0f}).view({1, 2, 1, 1, 1}), false);
  m.register_attribute("training", c10::BoolType::get(), true);
  m.define(forward);
  return m;
}

// x [1, 2, 1, 1, 2]: channel 0 = (0, 1), channel 1 = (2, 3).
at::Tensor two_channels() {
  return at::arange(4, at::kFloat).view({1, 2, 1, 1, 2});
}

class TorchScriptPlugin : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("ves_torchscript_" + std::string(test->name()) + "_" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string save(torch::jit::Module m) {
    const auto file = (dir_ / "model.pt").string();
    m.save(file);
    return file;
  }

  std::unique_ptr<ves::Model> make(const std::string& file, const std::string& extra = {}) {
    const auto yaml = "type: torchscript\nfile: " + file + "\n" + extra;
    return plugin_.make<ves::Model>(yaml, "model");
  }

  ves_test::PluginUnderTest plugin_;
  fs::path dir_;
};

TEST_F(TorchScriptPlugin, RunsTheSavedModuleAndNamesItsOutput) {
  auto model = make(save(weighted_module("def forward(self, x):\n  return x * self.w\n")));
  const auto out = model->forward(ves_test::batch_with("image", two_channels()));
  ASSERT_EQ(out.size(), 1u);
  // (0, 1) * 2 = (0, 2); (2, 3) * -1 = (-2, -3)
  EXPECT_TRUE(at::equal(out.at("seg_logits"),
                        at::tensor({0.0f, 2.0f, -2.0f, -3.0f}).view({1, 2, 1, 1, 2})));
  const auto params = model->module().named_parameters();
  ASSERT_EQ(params.size(), 1u);
  EXPECT_TRUE(at::equal(params["w"].flatten(), at::tensor({2.0f, -1.0f})));
}

TEST_F(TorchScriptPlugin, UsesTheConfiguredInputAndOutputNames) {
  auto model = make(save(weighted_module("def forward(self, x):\n  return x + 1.0\n")),
                    "input: ct\noutput: prob\n");
  const auto out = model->forward(ves_test::batch_with("ct", at::zeros({1, 1, 2, 2, 2})));
  ASSERT_EQ(out.count("prob"), 1u);
  EXPECT_EQ(out.at("prob").sum().item<float>(), 8.0f);  // eight voxels of 0 + 1
}

TEST_F(TorchScriptPlugin, NamesTupleOutputsWithIndexSuffixes) {
  auto model = make(
      save(weighted_module("def forward(self, x):\n  return (x * self.w, x - 1.0, x.sum())\n")));
  const auto out = model->forward(ves_test::batch_with("image", two_channels()));
  ASSERT_EQ(out.size(), 3u);
  EXPECT_TRUE(at::equal(out.at("seg_logits"),
                        at::tensor({0.0f, 2.0f, -2.0f, -3.0f}).view({1, 2, 1, 1, 2})));
  EXPECT_TRUE(at::equal(out.at("seg_logits_1"),
                        at::tensor({-1.0f, 0.0f, 1.0f, 2.0f}).view({1, 2, 1, 1, 2})));
  EXPECT_EQ(out.at("seg_logits_2").item<float>(), 6.0f);  // 0 + 1 + 2 + 3
}

TEST_F(TorchScriptPlugin, KeepsTheKeysOfDictOutputs) {
  auto model = make(save(weighted_module(
      "def forward(self, x):\n  return {'class_logits': x.mean(), 'recon': x * 2.0}\n")));
  const auto out = model->forward(ves_test::batch_with("image", two_channels()));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out.at("class_logits").item<float>(), 1.5f);  // (0 + 1 + 2 + 3) / 4
  EXPECT_EQ(out.at("recon").sum().item<float>(), 12.0f);  // 2 * 6
}

TEST_F(TorchScriptPlugin, TrainAndEvalReachTheScriptedModule) {
  auto model = make(save(weighted_module(
      "def forward(self, x):\n  if self.training:\n    return x * self.w\n  return x\n")));
  const auto x = two_channels();
  model->module().eval();
  EXPECT_FALSE(model->module().is_training());
  EXPECT_TRUE(at::equal(model->forward(ves_test::batch_with("image", x)).at("seg_logits"), x));
  model->module().train();
  EXPECT_TRUE(model->module().is_training());
  EXPECT_TRUE(at::equal(model->forward(ves_test::batch_with("image", x)).at("seg_logits"),
                        at::tensor({0.0f, 2.0f, -2.0f, -3.0f}).view({1, 2, 1, 1, 2})));
}

TEST_F(TorchScriptPlugin, NamesTheFileWhenItIsMissing) {
  const auto file = (dir_ / "absent.pt").string();
  try {
    make(file);
    FAIL() << "expected an error";
  } catch (const ves::DataError& e) {
    EXPECT_EQ(std::string(e.what()),
              "TorchScript model " + file +
                  " does not exist; it must be a TorchScript file saved with torch.jit.save (of "
                  "torch.jit.script or torch.jit.trace)");
  }
}

TEST_F(TorchScriptPlugin, NamesTheFileWhenItIsNotTorchScript) {
  const auto file = (dir_ / "weights.pt").string();
  std::ofstream(file) << "a state_dict saved with torch.save is not a TorchScript archive";
  try {
    make(file);
    FAIL() << "expected an error";
  } catch (const ves::DataError& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.rfind("cannot load TorchScript model " + file + " (", 0), 0u) << what;
    EXPECT_NE(what.find("it must be a TorchScript file saved with torch.jit.save"),
              std::string::npos)
        << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;  // one sentence, no backtrace
  }
}

// A parent with a submodule "sub" holding parameter "scale" and buffer "offset".
torch::jit::Module nested_module() {
  torch::jit::Module sub("sub");
  sub.register_parameter("scale", at::full({1}, 3.0f).requires_grad_(), false);
  sub.register_buffer("offset", at::full({1}, 0.5f));
  sub.register_attribute("training", c10::BoolType::get(), true);
  sub.define("def forward(self, x):\n  return x * self.scale + self.offset\n");
  torch::jit::Module parent("parent");
  parent.register_module("sub", sub);
  parent.register_attribute("training", c10::BoolType::get(), true);
  parent.define("def forward(self, x):\n  return self.sub.forward(x)\n");
  return parent;
}

TEST(ScriptModule, RegistersNestedParametersAndBuffersWithUnderscoredNames) {
  ves_torchscript::ScriptModule net(nested_module());
  const auto params = net->named_parameters();
  ASSERT_EQ(params.size(), 1u);
  EXPECT_EQ(params.keys()[0], "sub_scale");
  EXPECT_TRUE(params["sub_scale"].requires_grad());  // kept as saved (a frozen one stays frozen)
  const auto buffers = net->named_buffers();
  ASSERT_EQ(buffers.size(), 1u);
  EXPECT_EQ(buffers.keys()[0], "sub_offset");
}

TEST(ScriptModule, MovesTheScriptedTensorsAndTheRegisteredOnesTogether) {
  ves_torchscript::ScriptModule net(nested_module());
  net->to(at::kDouble);
  EXPECT_EQ(net->named_parameters()["sub_scale"].scalar_type(), at::kDouble);
  EXPECT_EQ(net->named_buffers()["sub_offset"].scalar_type(), at::kDouble);
  EXPECT_EQ(net->script().attr("sub").toModule().attr("scale").toTensor().scalar_type(),
            at::kDouble);
  // 2 * 3 + 0.5 in double precision
  const auto y = net->forward({at::full({1}, 2.0, at::kDouble)}).toTensor();
  EXPECT_EQ(y.scalar_type(), at::kDouble);
  EXPECT_EQ(y.item<double>(), 6.5);
}

TEST(ScriptModule, CheckpointsRestoreTheScriptedWeights) {
  ves_torchscript::ScriptModule net(nested_module());
  torch::serialize::OutputArchive saved;
  net->save(saved);
  const auto file = fs::temp_directory_path() /
                    ("ves_torchscript_checkpoint_" + std::to_string(getpid()) + ".pt");
  saved.save_to(file.string());
  {
    at::NoGradGuard no_grad;
    net->named_parameters()["sub_scale"].fill_(10.0f);
  }
  EXPECT_EQ(net->forward({at::ones({1})}).toTensor().item<float>(), 10.5f);  // 1 * 10 + 0.5
  torch::serialize::InputArchive loaded;
  loaded.load_from(file.string());
  net->load(loaded);
  fs::remove(file);
  EXPECT_EQ(net->forward({at::ones({1})}).toTensor().item<float>(), 3.5f);  // 1 * 3 + 0.5
}

TEST(NameOutputs, RejectsResultsThatAreNotTensors) {
  try {
    ves_torchscript::name_outputs(c10::IValue(int64_t{3}), "seg_logits", "net.pt");
    FAIL() << "expected an error";
  } catch (const ves::DataError& e) {
    EXPECT_STREQ(e.what(),
                 "TorchScript model net.pt returned int; its forward must return a tensor, a "
                 "tuple of tensors or a Dict[str, Tensor]");
  }
  const auto tuple = c10::ivalue::Tuple::create({c10::IValue(at::ones({1})), c10::IValue(2.0)});
  try {
    ves_torchscript::name_outputs(tuple, "out", "net.pt");
    FAIL() << "expected an error";
  } catch (const ves::DataError& e) {
    EXPECT_STREQ(e.what(), "TorchScript model net.pt: output 1 is a float, not a tensor");
  }
}

TEST(NameOutputs, NamesAListOfTensorsLikeATuple) {
  c10::List<at::Tensor> list({at::zeros({1}), at::ones({1})});
  const auto out = ves_torchscript::name_outputs(c10::IValue(list), "out", "net.pt");
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out.at("out").item<float>(), 0.0f);
  EXPECT_EQ(out.at("out_1").item<float>(), 1.0f);
}

}  // namespace
