// Costs of the core data path: ITK <-> Volume conversion and batch collation.
#include <ATen/ATen.h>
#include <benchmark/benchmark.h>

#include <vector>

#include "ves/core/batch.hpp"
#include "ves/core/itk_bridge.hpp"

namespace {

ves::Volume make_volume(int64_t channels, int64_t side) {
  ves::Volume v;
  v.data = at::rand({channels, side, side, side});
  v.geometry.spacing = {0.8, 0.8, 2.5};
  return v;
}

void ItkFromVolume(benchmark::State& state) {
  const ves::Volume v = make_volume(1, state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(ves::itk_from_volume(v));
  state.SetBytesProcessed(state.iterations() * v.data.numel() * 4);
}
BENCHMARK(ItkFromVolume)->Arg(64)->Arg(128);

void VolumeFromItkSharesTheBuffer(benchmark::State& state) {
  const auto image = ves::itk_from_volume(make_volume(1, state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(ves::volume_from_itk(image));
}
BENCHMARK(VolumeFromItkSharesTheBuffer)->Arg(64)->Arg(128);

void CollateBatch(benchmark::State& state) {
  std::vector<ves::Sample> samples(static_cast<size_t>(state.range(0)));
  for (size_t i = 0; i < samples.size(); ++i) {
    samples[i].case_id = "case_" + std::to_string(i);
    samples[i].volumes["image"] = make_volume(2, 64);
    samples[i].volumes["label"] = make_volume(1, 64);
  }
  for (auto _ : state) benchmark::DoNotOptimize(ves::Batch::collate(samples));
}
BENCHMARK(CollateBatch)->Arg(2)->Arg(8);

}  // namespace
