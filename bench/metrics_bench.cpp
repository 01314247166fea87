// The evaluator's per-case cost: Dice + lesion F1 + HD95 + ASSD (compute_segmentation_metrics,
// metricsreloaded or deepmind convention) on pairs of offset ellipsoids, the same pairs as
// bench/scipy_metrics_reference.py. Links ves_metrics_core only (no libtorch).
// Memory: run one size per process (--benchmark_filter=.../512) and read the counters
// peak_extra_mb (peak resident memory beyond the process before the masks and beyond the masks)
// and masks_mb (both masks, 1 byte per voxel each).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "lib/segmentation_metrics.hpp"

namespace {

using ves::metrics::MaskGrid;

// Resident memory of this process in kB: "VmRSS" now or "VmHWM" (the peak).
double status_kb(const char* key) {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind(key, 0) == 0) return std::stod(line.substr(std::strlen(key) + 1));
  return 0;
}

// 1 inside the ellipsoid of centre c (voxels) and semi-axes r (voxels).
std::vector<uint8_t> ellipsoid(const MaskGrid& g, const double c[3], const double r[3]) {
  std::vector<uint8_t> mask(static_cast<size_t>(g.voxel_count()), 0);
  size_t i = 0;
  for (int64_t z = 0; z < g.size[2]; ++z)
    for (int64_t y = 0; y < g.size[1]; ++y)
      for (int64_t x = 0; x < g.size[0]; ++x, ++i) {
        const double dx = (x - c[0]) / r[0], dy = (y - c[1]) / r[1], dz = (z - c[2]) / r[2];
        mask[i] = dx * dx + dy * dy + dz * dz <= 1.0;
      }
  return mask;
}

void run_case(benchmark::State& state, ves::metrics::Convention convention) {
  // Google Benchmark calls this several times; memory freed by a call stays with the allocator,
  // so only the process's first call measures the peak (run one size per process).
  static bool first_call = true;
  const bool measure = first_call;
  first_call = false;
  static double peak_extra_mb = 0;
  const double baseline_kb = status_kb("VmRSS:");
  const MaskGrid grid{{state.range(0), state.range(1), state.range(2)}, {0.8, 0.8, 1.5}};
  double c_ref[3], r_ref[3], c_pred[3], r_pred[3];
  for (int a = 0; a < 3; ++a) {
    const double n = static_cast<double>(grid.size[a]);
    c_ref[a] = n / 2;
    r_ref[a] = 0.3 * n;
    c_pred[a] = n / 2 + 3 - a;  // offset (3, 2, 1) voxels
    r_pred[a] = 0.28 * n;
  }
  const auto reference = ellipsoid(grid, c_ref, r_ref);
  const auto prediction = ellipsoid(grid, c_pred, r_pred);
  ves::metrics::MetricOptions options;  // 26-connectivity, every metric
  options.distance.convention = convention;
  double dice = 0, hd95 = 0;
  for (auto _ : state) {
    const auto m = ves::metrics::compute_segmentation_metrics(prediction, reference, grid, options);
    dice = m.overlap.dice;
    hd95 = m.surface.hd95;
    benchmark::DoNotOptimize(m.lesion_scores.f1 + m.surface.assd);
  }
  const double masks_mb = 2.0 * static_cast<double>(grid.voxel_count()) / 1e6;
  state.counters["dice"] = dice;
  state.counters["hd95_mm"] = hd95;
  state.counters["masks_mb"] = masks_mb;
  if (measure) peak_extra_mb = (status_kb("VmHWM:") - baseline_kb) * 1024 / 1e6 - masks_mb;
  state.counters["peak_extra_mb"] = peak_extra_mb;
}
void DiceLesionF1Hd95Assd(benchmark::State& state) {
  run_case(state, ves::metrics::Convention::MetricsReloaded);
}
// The same with surface-distance's surface elements (bench/scipy_metrics_reference.py times its
// algorithm in numpy/scipy).
void DiceLesionF1Hd95AssdDeepMind(benchmark::State& state) {
  run_case(state, ves::metrics::Convention::DeepMind);
}
BENCHMARK(DiceLesionF1Hd95Assd)
    ->Args({128, 128, 128})
    ->Args({256, 256, 256})
    ->Args({512, 512, 300})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(DiceLesionF1Hd95AssdDeepMind)
    ->Args({128, 128, 128})
    ->Args({256, 256, 256})
    ->Args({512, 512, 300})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
