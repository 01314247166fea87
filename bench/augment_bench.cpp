// Throughput of the augment plugin on recipe C's data: a 2-channel 128^3 float image and a
// 128^3 label, through the full augmentation chain with every op forced on (p = 1), built from
// YAML through the plugin library exactly as a pipeline builds it. Compare with
// bench/scipy_augment_reference.py (see bench/README.md).
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include "ves/config/loader.hpp"
#include "ves/engine/transform_chain.hpp"
#include "ves/plugin/loader.hpp"

namespace {

// Recipe C: flips, rotation +-15 deg, scale 0.9-1.1, multiplicative 0.9-1.1, additive +-0.1,
// mild gamma, mild noise and blur; `output_size` adds the 96^3 patch variant.
std::string recipe_c_chain(const std::string& output_size) {
  return "- type: spatial\n"
         "  flip_p: [1, 1, 1]\n"
         "  rotate_x: [-15, 15]\n"
         "  rotate_y: [-15, 15]\n"
         "  rotate_z: [-15, 15]\n"
         "  scale: [0.9, 1.1]\n"
         "  output_size: " +
         output_size +
         "\n"
         "- {type: intensity_scale, range: [0.9, 1.1]}\n"
         "- {type: intensity_shift, range: [-0.1, 0.1]}\n"
         "- {type: gamma, range: [0.8, 1.25]}\n"
         "- {type: gaussian_noise, std: [0.0, 0.1]}\n"
         "- {type: gaussian_blur, sigma: [0.5, 1.0]}\n";
}

struct Plugin {
  ves::Registry registry;
  ves::PluginLoader loader;
  ves::Context context;
  Plugin() {
    const auto record = loader.load_library(
        std::filesystem::path(VES_BENCH_PLUGIN_DIR) / "libves-augment.so", registry);
    if (!record.loaded) throw std::runtime_error(record.problem);
    context.registry = &registry;
  }
  ves::TransformChain chain(const std::string& yaml) const {
    return ves::TransformChain::create(ves::config::parse_yaml(yaml, "bench.yaml"), context,
                                       "augment");
  }
};

const Plugin& plugin() {
  static const Plugin p;
  return p;
}

ves::Sample recipe_c_sample() {
  ves::Sample s;
  s.case_id = "bench";
  const auto gen = at::make_generator<at::CPUGeneratorImpl>(1);
  s.volumes["image"] = ves::Volume{at::randn({2, 128, 128, 128}, gen), {}};
  s.volumes["label"] = ves::Volume{(at::rand({1, 128, 128, 128}, gen) > 0.9).to(at::kByte), {}};
  return s;
}

void run_chain(benchmark::State& state, const std::string& yaml) {
  at::set_num_threads(static_cast<int>(state.range(0)));
  const auto chain = plugin().chain(yaml);
  const ves::Sample input = recipe_c_sample();
  ves::Rng rng(7);
  // Warm-up: the first samples pay for page faults of fresh heap memory; a training loop runs in
  // the steady state that follows.
  for (int i = 0; i < 3; ++i) {
    ves::Sample sample = input;
    chain.apply(sample, rng);
  }
  for (auto _ : state) {
    ves::Sample sample = input;  // shares the tensors; every transform writes new ones
    chain.apply(sample, rng);
    benchmark::DoNotOptimize(sample.volumes["image"].data.data_ptr());
  }
  state.counters["samples/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["threads"] = static_cast<double>(state.range(0));
}

void RecipeCChainWholeVolume(benchmark::State& state) {
  run_chain(state, recipe_c_chain("[]"));
}
BENCHMARK(RecipeCChainWholeVolume)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);

void RecipeCChainPatch96(benchmark::State& state) {
  run_chain(state, recipe_c_chain("[96, 96, 96]"));
}
BENCHMARK(RecipeCChainPatch96)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);

// One op at a time (whole volume), to see where the chain's time goes.
void SingleOp(benchmark::State& state, const std::string& yaml) {
  run_chain(state, "- " + yaml + "\n");
}
BENCHMARK_CAPTURE(SingleOp, spatial_rotate_scale,
                  "{type: spatial, rotate_x: [-15, 15], rotate_y: [-15, 15], "
                  "rotate_z: [-15, 15], scale: [0.9, 1.1]}")
    ->Arg(1)
    ->Arg(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(SingleOp, flip, "{type: flip, axis_p: [1, 1, 1]}")
    ->Arg(1)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(SingleOp, intensity_scale, "{type: intensity_scale}")
    ->Arg(1)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(SingleOp, gamma, "{type: gamma, range: [0.8, 1.25]}")
    ->Arg(1)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(SingleOp, gaussian_noise, "{type: gaussian_noise, std: [0.0, 0.1]}")
    ->Arg(1)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(SingleOp, gaussian_blur, "{type: gaussian_blur, sigma: [0.5, 1.0]}")
    ->Arg(1)
    ->Arg(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
