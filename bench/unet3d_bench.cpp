// Recipe C's 3-D U-Net on this machine: one training step (96^3 and 64^3 patches, batch 1-2) and
// the sliding-window inference of a 2-channel 160x160x128 volume, in fp32 and bf16 autocast.
// Model, loss and inferer are built from YAML through the plugin libraries, as a pipeline builds
// them; the step is the trainer's (forward, loss, zero_grad, backward, AdamW step). Compare with
// bench/unet3d_reference.py through bench/compare_unet3d.sh (see bench/README.md).
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "autocast_scope.hpp"
#include "bench_plugins.hpp"
#include "ves/api/inferer.hpp"
#include "ves/api/loss.hpp"
#include "ves/engine/optimizer.hpp"

namespace {

constexpr int kThreads = 2;
const std::vector<int64_t> kChannels{32, 64, 128, 256, 512};

const ves_bench::Plugins& plugins() {
  static const ves_bench::Plugins p({"unet3d", "losses", "sliding-window"});
  return p;
}

std::unique_ptr<ves::Model> recipe_c_model() {
  return plugins().make<ves::Model>(
      "{type: unet3d, in_channels: 2, out_channels: 1, depth: 4, base_channels: 32, "
      "norm: instance, activation: leaky_relu, down: maxpool, up: transposed}",
      "model");
}

// Multiply-adds x 2 of the convolutions of one forward pass on an n^3 input (norms, activations
// and pooling left out), the same count as unet3d_reference.py.
double forward_flops(int64_t n) {
  double flops = 0;
  for (size_t level = 0; level < kChannels.size(); ++level) {
    const double voxels = std::pow(static_cast<double>(n >> level), 3);
    const double in = level == 0 ? 2.0 : static_cast<double>(kChannels[level - 1]);
    const double c = static_cast<double>(kChannels[level]);
    flops += 2 * 27 * voxels * (in * c + c * c);
    if (level + 1 < kChannels.size()) {
      const double hi = static_cast<double>(kChannels[level + 1]);
      flops += 2 * hi * c * voxels;          // transposed conv: one tap per output voxel
      flops += 2 * 27 * voxels * 3 * c * c;  // decoder stage: 2c -> c, then c -> c
    }
  }
  return flops + 2 * static_cast<double>(kChannels[0]) * std::pow(static_cast<double>(n), 3);
}

void report_peak_memory(benchmark::State& state) {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["peak_rss_MiB"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// Args: patch edge, batch size, bf16 (0/1).
void TrainStep(benchmark::State& state) {
  at::set_num_threads(kThreads);
  const int64_t n = state.range(0), b = state.range(1);
  const bool bf16 = state.range(2) != 0;
  at::manual_seed(0);
  auto model = recipe_c_model();
  auto loss =
      plugins().make<ves::Loss>("{type: compound, terms: [{type: dice}, {type: bce}]}", "loss");
  ves::OptimizerOptions options;
  options.lr = 2e-4;
  options.weight_decay = 1e-5;
  auto optimizer = ves::make_optimizer(model->parameter_groups(), options);
  ves::Batch batch;
  batch.tensors["image"] = at::randn({b, 2, n, n, n});
  batch.tensors["label"] = (at::rand({b, 1, n, n, n}) < 0.05).to(at::kFloat);
  model->module().train();
  auto step = [&] {
    ves::LossResult result;
    {
      ves::stages::AutocastScope autocast(at::kCPU, bf16);
      result = loss->compute(model->forward(batch), batch);
    }
    optimizer.optimizer->zero_grad();
    result.total.backward();
    optimizer.optimizer->step();
  };
  step();  // warm-up: oneDNN primitive creation, allocator
  for (auto _ : state) step();
  state.counters["GFLOP"] = benchmark::Counter(
      3.0 * static_cast<double>(b) * forward_flops(n) / 1e9,  // backward ~ 2 x forward
      benchmark::Counter::kIsIterationInvariantRate);
  report_peak_memory(state);
}
BENCHMARK(TrainStep)
    ->ArgNames({"patch", "batch", "bf16"})
    ->ArgsProduct({{96, 64}, {1, 2}, {0, 1}})
    ->Iterations(3)
    ->UseRealTime()
    ->Unit(benchmark::kSecond);

// Args: bf16 (0/1). Patch 96^3, overlap 0.5, Gaussian weights, 2 windows per batch: 18 windows.
void SlidingWindow(benchmark::State& state) {
  at::set_num_threads(kThreads);
  const bool bf16 = state.range(0) != 0;
  at::manual_seed(0);
  auto model = recipe_c_model();
  model->module().eval();
  auto inferer = plugins().make<ves::Inferer>(
      "{type: sliding_window, patch_size: [96, 96, 96], overlap: 0.5, weighting: gaussian, "
      "batch_size: 2, activation: sigmoid}",
      "inferer");
  ves::Sample sample;
  sample.case_id = "bench";
  sample.volumes["image"] = ves::Volume{at::randn({2, 128, 160, 160}), ves::Geometry{}};
  for (auto _ : state) {
    ves::stages::AutocastScope autocast(at::kCPU, bf16);
    benchmark::DoNotOptimize(inferer->infer({model.get()}, sample));
  }
  state.counters["GFLOP"] = benchmark::Counter(18.0 * forward_flops(96) / 1e9,
                                               benchmark::Counter::kIsIterationInvariantRate);
  state.counters["voxels/s"] =
      benchmark::Counter(160.0 * 160.0 * 128.0, benchmark::Counter::kIsIterationInvariantRate);
  report_peak_memory(state);
}
BENCHMARK(SlidingWindow)
    ->ArgNames({"bf16"})
    ->DenseRange(0, 1)
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kSecond);

}  // namespace
