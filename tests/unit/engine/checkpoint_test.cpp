// Checkpoints: true resume (Adam moments included), state JSON, atomic writes, clear errors.
#include <gtest/gtest.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/linear.h>
#include <torch/optim/adam.h>
#include <torch/optim/sgd.h>
#include <torch/utils.h>
#include <unistd.h>

#include <fstream>
#include <iterator>

#include "ves/core/error.hpp"
#include "ves/engine/checkpoint.hpp"
#include "ves/engine/optimizer.hpp"

namespace fs = std::filesystem;

namespace {

// Linear -> BatchNorm (buffers) -> ReLU -> Linear, initialised from `seed`.
torch::nn::Sequential make_model(uint64_t seed, int64_t hidden = 4) {
  torch::manual_seed(seed);
  return torch::nn::Sequential(torch::nn::Linear(3, hidden), torch::nn::BatchNorm1d(hidden),
                               torch::nn::ReLU(), torch::nn::Linear(hidden, 1));
}

ves::ScaledOptimizer make_adam(torch::nn::Sequential& model) {
  ves::OptimizerOptions o;
  o.type = "adam";
  o.lr = 0.01;
  return ves::make_optimizer({{"all", model->parameters(), 1.0}}, o);
}

void train_step(torch::nn::Sequential& model, torch::optim::Optimizer& optimizer) {
  torch::manual_seed(99);
  const at::Tensor x = torch::randn({8, 3});
  const at::Tensor y = torch::randn({8, 1});
  optimizer.zero_grad();
  (model->forward(x) - y).pow(2).mean().backward();
  optimizer.step();
}

// Every parameter and buffer equal, bit for bit.
bool same_tensors(const torch::nn::Module& a, const torch::nn::Module& b) {
  const auto pa = a.named_parameters(), pb = b.named_parameters();
  const auto ba = a.named_buffers(), bb = b.named_buffers();
  for (const auto& p : pa)
    if (!at::equal(p.value(), pb[p.key()])) return false;
  for (const auto& p : ba)
    if (!at::equal(p.value(), bb[p.key()])) return false;
  return true;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ves::DataError& e) {
    return e.what();
  }
  return "no error";
}

// Each test writes into its own folder, removed afterwards.
class Checkpoint : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    dir = fs::temp_directory_path() /
          ("ves_checkpoint_" + std::string(test->name()) + "_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }
  fs::path dir;
};

}  // namespace

TEST_F(Checkpoint, ResumingGivesTheSameNextStepAsContinuing) {
  const fs::path file = dir / "last.pt";
  auto model = make_model(1);
  auto adam = make_adam(model);
  for (int i = 0; i < 3; ++i) train_step(model, *adam.optimizer);
  ves::save_checkpoint(file, *model, adam.optimizer.get(), "{}");
  train_step(model, *adam.optimizer);  // the uninterrupted run

  auto resumed = make_model(2);  // other initial weights, fresh moments
  auto resumed_adam = make_adam(resumed);
  ves::load_checkpoint(file, *resumed, resumed_adam.optimizer.get());
  train_step(resumed, *resumed_adam.optimizer);
  EXPECT_TRUE(same_tensors(*model, *resumed));

  // Weights alone (fresh Adam moments) do not give the same step: the moments matter.
  auto weights_only = make_model(3);
  auto fresh_adam = make_adam(weights_only);
  ves::load_weights(file, *weights_only);
  train_step(weights_only, *fresh_adam.optimizer);
  EXPECT_FALSE(same_tensors(*model, *weights_only));
}

TEST_F(Checkpoint, ReturnsTheSavedStateJsonUnchanged) {
  const fs::path file = dir / "best.pt";
  auto model = make_model(1);
  const std::string state = "{\"epoch\": 3, \"best\": 0.875, \"note\": \"caf\xc3\xa9\\n\"}";
  ves::save_checkpoint(file, *model, nullptr, state);
  auto other = make_model(2);
  EXPECT_EQ(ves::load_checkpoint(file, *other, nullptr), state);
  EXPECT_TRUE(same_tensors(*model, *other));
}

TEST_F(Checkpoint, LeavesNoTemporaryFileAndReplacesAnOldCheckpoint) {
  auto model = make_model(1);
  ves::save_checkpoint(dir / "last.pt", *model, nullptr, "{\"epoch\": 1}");
  ves::save_checkpoint(dir / "last.pt", *model, nullptr, "{\"epoch\": 2}");
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename());
  EXPECT_EQ(names, std::vector<std::string>{"last.pt"});
  EXPECT_EQ(ves::load_checkpoint(dir / "last.pt", *model, nullptr), "{\"epoch\": 2}");
}

TEST_F(Checkpoint, RemovesTheTemporaryFileWhenTheRenameFails) {
  fs::create_directories(dir / "last.pt" / "in_the_way");  // a folder where the file should go
  auto model = make_model(1);
  try {
    ves::save_checkpoint(dir / "last.pt", *model, nullptr, "{}");
    FAIL() << "no error";
  } catch (const ves::Error& e) {
    EXPECT_EQ(
        std::string(e.what()).rfind("cannot write checkpoint " + (dir / "last.pt").string(), 0), 0u)
        << e.what();
  }
  size_t entries = 0;
  for (const auto& entry : fs::directory_iterator(dir)) entries += entry.path() != dir / "last.pt";
  EXPECT_EQ(entries, 0u);
}

TEST_F(Checkpoint, NamesATruncatedOrMissingFile) {
  auto model = make_model(1);
  ves::save_checkpoint(dir / "full.pt", *model, nullptr, "{}");
  std::ifstream in(dir / "full.pt", std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::ofstream(dir / "half.pt", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  std::ofstream(dir / "text.pt") << "not a checkpoint\n";

  EXPECT_EQ(error_of([&] { ves::load_checkpoint(dir / "half.pt", *model, nullptr); }),
            (dir / "half.pt").string() + " is not a Vesalius checkpoint or is truncated");
  EXPECT_EQ(error_of([&] { ves::load_weights(dir / "text.pt", *model); }),
            (dir / "text.pt").string() + " is not a Vesalius checkpoint or is truncated");
  EXPECT_EQ(error_of([&] { ves::load_weights(dir / "none.pt", *model); }),
            "checkpoint " + (dir / "none.pt").string() + " does not exist");
}

TEST_F(Checkpoint, StrictInitFromNamesTheFirstTensorThatDiffers) {
  const fs::path file = dir / "w.pt";
  auto saved = make_model(1, 4);
  ves::save_checkpoint(file, *saved, nullptr, "{}");
  auto wider = make_model(2, 5);
  const auto before = wider->named_parameters()["0.weight"].clone();
  EXPECT_EQ(error_of([&] { ves::load_weights(file, *wider); }),
            file.string() +
                ": tensor '0.weight' has shape [4, 3] in the checkpoint but [5, 3] in the model; "
                "init_from needs the same architecture (set the train stage's init_strict: false "
                "to skip tensors that differ)");
  EXPECT_TRUE(at::equal(wider->named_parameters()["0.weight"], before));  // nothing copied
}

TEST_F(Checkpoint, LenientInitFromSkipsTensorsThatDiffer) {
  const fs::path file = dir / "w.pt";
  auto saved = make_model(1, 4);
  ves::save_checkpoint(file, *saved, nullptr, "{}");
  // Same first layer, a different head: Linear(4, 2) instead of Linear(4, 1).
  torch::manual_seed(2);
  torch::nn::Sequential other(torch::nn::Linear(3, 4), torch::nn::BatchNorm1d(4), torch::nn::ReLU(),
                              torch::nn::Linear(4, 2));
  const auto skipped = ves::load_weights(file, *other, /*strict=*/false);
  EXPECT_EQ(skipped, (std::vector<std::string>{"3.weight", "3.bias"}));
  EXPECT_TRUE(
      at::equal(other->named_parameters()["0.weight"], saved->named_parameters()["0.weight"]));
}

TEST_F(Checkpoint, RefusesToResumeAdamStateIntoSgd) {
  const fs::path file = dir / "last.pt";
  auto model = make_model(1);
  auto adam = make_adam(model);
  train_step(model, *adam.optimizer);
  ves::save_checkpoint(file, *model, adam.optimizer.get(), "{}");
  torch::optim::SGD sgd(model->parameters(), torch::optim::SGDOptions(0.1));
  EXPECT_EQ(error_of([&] { ves::load_checkpoint(file, *model, &sgd); }),
            file.string() +
                " was saved with optimiser torch::optim::Adam but this run uses "
                "torch::optim::SGD; resume with the same optimizer type, or use init_from for "
                "the weights");
  ves::save_checkpoint(file, *model, nullptr, "{}");
  EXPECT_NE(error_of([&] {
              ves::load_checkpoint(file, *model, adam.optimizer.get());
            }).find("holds no optimiser state"),
            std::string::npos);
}
