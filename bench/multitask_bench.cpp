// Recipe A's multitask attention U-Net on this machine: one training step (forward, the
// multitask loss, zero_grad, backward, AdamW step with the encoder at 0.1 x the rate) on 3-channel
// 256x256 slices, batch 16, and the forward pass alone in eval mode. Model and loss are built
// from YAML through the plugin libraries, as a pipeline builds them. Compare with
// bench/multitask_reference.py, the same network in PyTorch (see bench/README.md).
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <torch/utils.h>

#include <filesystem>
#include <string>

#include "bench_plugins.hpp"
#include "ves/api/loss.hpp"
#include "ves/engine/optimizer.hpp"

namespace {

const ves_bench::Plugins& plugins() {
  static const ves_bench::Plugins p({"multitask-unet", "losses"});
  return p;
}

ves::Batch slice_batch(int64_t b, int64_t n) {
  ves::Batch batch;
  batch.tensors["image"] = at::rand({b, 3, n, n});
  batch.tensors["label"] = (at::rand({b, 1, n, n}) < 0.006).to(at::kFloat);
  batch.tensors["slice_label"] = at::arange(b).remainder(2).to(at::kFloat);  // balanced
  return batch;
}

void report_peak_memory(benchmark::State& state) {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["peak_rss_MiB"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// Args: slice edge, batch size, intra-op threads.
void TrainStep(benchmark::State& state) {
  const int64_t n = state.range(0), b = state.range(1);
  at::set_num_threads(static_cast<int>(state.range(2)));
  at::manual_seed(0);
  auto model = plugins().make<ves::Model>("{type: multitask_unet, encoder: resnet18}", "model");
  auto loss = plugins().make<ves::Loss>(
      "{type: compound, terms: [{type: bce, output: class_logits, target: slice_label},"
      " {type: focal, alpha: 0.25, gamma: 2, weight: 0.1}]}",
      "loss");
  ves::OptimizerOptions options;
  options.lr = 1e-3;
  options.weight_decay = 1e-4;
  auto optimizer = ves::make_optimizer(model->parameter_groups(), options);
  optimizer.set_learning_rate(1e-3);
  const ves::Batch batch = slice_batch(b, n);
  model->module().train();
  auto step = [&] {
    const ves::LossResult result = loss->compute(model->forward(batch), batch);
    optimizer.optimizer->zero_grad();
    result.total.backward();
    optimizer.optimizer->step();
  };
  step();  // warm-up: oneDNN primitive creation, allocator
  for (auto _ : state) step();
  state.counters["slices/s"] =
      benchmark::Counter(static_cast<double>(b), benchmark::Counter::kIsIterationInvariantRate);
  double parameters = 0;  // equal to the reference's count: the same network
  for (const auto& p : model->module().parameters()) parameters += static_cast<double>(p.numel());
  state.counters["parameters"] = parameters;
  report_peak_memory(state);
}
BENCHMARK(TrainStep)
    ->ArgNames({"size", "batch", "threads"})
    ->Args({256, 16, 2})
    ->Iterations(3)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

void Forward(benchmark::State& state) {
  const int64_t n = state.range(0), b = state.range(1);
  at::set_num_threads(static_cast<int>(state.range(2)));
  auto model = plugins().make<ves::Model>("{type: multitask_unet, encoder: resnet18}", "model");
  model->module().eval();
  const ves::Batch batch = slice_batch(b, n);
  torch::NoGradGuard no_grad;
  model->forward(batch);
  for (auto _ : state) benchmark::DoNotOptimize(model->forward(batch));
  state.counters["slices/s"] =
      benchmark::Counter(static_cast<double>(b), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(Forward)
    ->ArgNames({"size", "batch", "threads"})
    ->Args({256, 16, 2})
    ->Iterations(3)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
