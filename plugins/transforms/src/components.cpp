// Labelling with ITK (6/26) or a breadth-first search (18), then per-component statistics.
#include "components.hpp"

#include <ATen/ATen.h>
#include <itkConnectedComponentImageFilter.h>
#include <itkImage.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <numeric>

#include "ves/core/statistics.hpp"
#include "ves/core/error.hpp"

namespace ves::transforms {
namespace {

using MaskImage = itk::Image<uint8_t, 3>;
using LabelImage = itk::Image<uint32_t, 3>;

void require_3d(const at::Tensor& mask) {
  if (mask.dim() != 3) throw DataError("connected components need a [Z, Y, X] mask");
}

// Renumbers labels 1..count in raster order of first appearance, so both labellings agree.
Components canonical(at::Tensor labels, int64_t count) {
  labels = labels.to(at::kInt).contiguous();
  int32_t* data = labels.data_ptr<int32_t>();
  std::vector<int32_t> renamed(static_cast<size_t>(count) + 1, 0);
  int32_t next = 0;
  for (int64_t i = 0; i < labels.numel(); ++i) {
    int32_t& label = data[i];
    if (label == 0) continue;
    if (renamed[static_cast<size_t>(label)] == 0) renamed[static_cast<size_t>(label)] = ++next;
    label = renamed[static_cast<size_t>(label)];
  }
  return {labels, next};
}

Components label_with_itk(const at::Tensor& mask, bool fully_connected) {
  const at::Tensor binary = (mask != 0).to(at::kByte).contiguous();
  auto image = MaskImage::New();
  MaskImage::SizeType size;
  for (unsigned a = 0; a < 3; ++a) size[a] = static_cast<itk::SizeValueType>(binary.size(2 - a));
  image->SetRegions(MaskImage::RegionType(size));
  image->Allocate();
  std::memcpy(image->GetBufferPointer(), binary.data_ptr<uint8_t>(),
              static_cast<size_t>(binary.numel()));

  auto filter = itk::ConnectedComponentImageFilter<MaskImage, LabelImage>::New();
  filter->SetInput(image);
  filter->SetFullyConnected(fully_connected);
  filter->Update();
  LabelImage::Pointer output = filter->GetOutput();
  const at::Tensor labels =
      at::from_blob(output->GetBufferPointer(), binary.sizes(), at::kInt).clone();  // uint32 bits
  return canonical(labels, static_cast<int64_t>(filter->GetObjectCount()));
}

}  // namespace

Components label_components(const at::Tensor& mask, int connectivity) {
  require_3d(mask);
  if (connectivity == 6) return label_with_itk(mask, false);
  if (connectivity == 26) return label_with_itk(mask, true);
  return label_components_bfs(mask, connectivity);
}

Components label_components_bfs(const at::Tensor& mask, int connectivity) {
  require_3d(mask);
  if (connectivity != 6 && connectivity != 18 && connectivity != 26)
    throw Error("connectivity must be 6, 18 or 26, not " + std::to_string(connectivity));
  const int reach = connectivity == 6 ? 1 : connectivity == 18 ? 2 : 3;
  std::vector<std::array<int64_t, 3>> offsets;
  for (int64_t dz = -1; dz <= 1; ++dz)
    for (int64_t dy = -1; dy <= 1; ++dy)
      for (int64_t dx = -1; dx <= 1; ++dx) {
        const int64_t steps = std::abs(dz) + std::abs(dy) + std::abs(dx);
        if (steps > 0 && steps <= reach) offsets.push_back({dz, dy, dx});
      }

  const at::Tensor binary = (mask != 0).contiguous();
  const bool* in = binary.data_ptr<bool>();
  const int64_t nz = mask.size(0), ny = mask.size(1), nx = mask.size(2);
  at::Tensor labels = at::zeros(mask.sizes(), at::kInt);
  int32_t* out = labels.data_ptr<int32_t>();
  int32_t count = 0;
  std::deque<std::array<int64_t, 3>> queue;
  for (int64_t seed = 0; seed < binary.numel(); ++seed) {
    if (!in[seed] || out[seed] != 0) continue;
    out[seed] = ++count;
    queue.push_back({seed / (ny * nx), (seed / nx) % ny, seed % nx});
    while (!queue.empty()) {
      const auto [z, y, x] = queue.front();
      queue.pop_front();
      for (const auto& [dz, dy, dx] : offsets) {
        const int64_t zz = z + dz, yy = y + dy, xx = x + dx;
        if (zz < 0 || yy < 0 || xx < 0 || zz >= nz || yy >= ny || xx >= nx) continue;
        const int64_t i = (zz * ny + yy) * nx + xx;
        if (!in[i] || out[i] != 0) continue;
        out[i] = count;
        queue.push_back({zz, yy, xx});
      }
    }
  }
  return {labels, count};
}

ComponentScore parse_component_score(const std::string& name) {
  if (name == "max") return ComponentScore::Max;
  if (name == "p95") return ComponentScore::P95;
  if (name == "mean") return ComponentScore::Mean;
  throw Error("unknown component score '" + name + "': expected max, p95 or mean");
}

at::Tensor filter_components(const at::Tensor& mask, const at::Tensor& prob,
                             const ComponentFilter& filter) {
  const Components components = label_components(mask, filter.connectivity);
  const auto count = static_cast<size_t>(components.count);
  const int32_t* labels = components.labels.data_ptr<int32_t>();
  const int64_t n = components.labels.numel();

  std::vector<int64_t> voxels(count + 1, 0);
  for (int64_t i = 0; i < n; ++i) ++voxels[static_cast<size_t>(labels[i])];
  std::vector<bool> keep(count + 1, true);
  keep[0] = false;
  for (size_t c = 1; c <= count; ++c) keep[c] = voxels[c] >= filter.min_voxels;

  if (prob.defined() && filter.min_score > 0.0) {
    if (prob.sizes() != mask.sizes())
      throw DataError("the probability map and the mask differ in shape");
    const at::Tensor p = prob.to(at::kFloat).contiguous();
    const float* values = p.data_ptr<float>();
    std::vector<std::vector<float>> members(count + 1);
    for (int64_t i = 0; i < n; ++i)
      if (labels[i] != 0) members[static_cast<size_t>(labels[i])].push_back(values[i]);
    for (size_t c = 1; c <= count; ++c) {
      if (!keep[c]) continue;
      auto& v = members[c];
      double score = 0.0;
      if (filter.score == ComponentScore::Max) {
        score = *std::max_element(v.begin(), v.end());
      } else if (filter.score == ComponentScore::Mean) {
        score = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
      } else {
        score = percentile(v, 95.0);
      }
      keep[c] = score >= filter.min_score;
    }
  }

  if (filter.keep_largest > 0) {
    std::vector<size_t> order;
    for (size_t c = 1; c <= count; ++c)
      if (keep[c]) order.push_back(c);
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return voxels[a] > voxels[b]; });
    for (size_t rank = static_cast<size_t>(filter.keep_largest); rank < order.size(); ++rank)
      keep[order[rank]] = false;
  }

  std::vector<int64_t> flags(keep.begin(), keep.end());
  const at::Tensor survives = at::tensor(flags, at::kLong)
                                  .index_select(0, components.labels.flatten().to(at::kLong))
                                  .view(mask.sizes());
  return mask.masked_fill(survives == 0, 0);
}

}  // namespace ves::transforms
