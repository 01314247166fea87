// Collating samples into a batch, with errors that name the case that does not fit.
#include "ves/core/batch.hpp"

#include <ATen/ATen.h>

#include "ves/core/error.hpp"
#include "ves/core/shape_text.hpp"

namespace ves {
namespace {

template <class Map>
std::string keys_of(const Map& map) {
  if (map.empty()) return "none";
  std::string keys;
  for (const auto& entry : map) keys += (keys.empty() ? "" : ", ") + entry.first;
  return keys;
}

template <class Map>
bool same_keys(const Map& a, const Map& b) {
  if (a.size() != b.size()) return false;
  for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib) {
    if (ia->first != ib->first) return false;
  }
  return true;
}

// Everything collate needs to agree on; the first sample is the reference.
void check_compatible(const Sample& first, const Sample& other) {
  if (!same_keys(first.volumes, other.volumes)) {
    throw DataError("cannot batch case " + other.case_id + ": it has volumes (" +
                    keys_of(other.volumes) + "), case " + first.case_id + " has (" +
                    keys_of(first.volumes) + ")");
  }
  if (!same_keys(first.scalars, other.scalars)) {
    throw DataError("cannot batch case " + other.case_id + ": it has scalars (" +
                    keys_of(other.scalars) + "), case " + first.case_id + " has (" +
                    keys_of(first.scalars) + ")");
  }
  for (const auto& [name, volume] : first.volumes) {
    const at::Tensor& a = volume.data;
    const at::Tensor& b = other.volumes.at(name).data;
    if (!b.defined() || !a.defined() || a.sizes() != b.sizes()) {
      throw DataError("cannot batch case " + other.case_id + ": volume '" + name + "' has shape " +
                      shape_text(b) + ", case " + first.case_id + " has " + shape_text(a));
    }
  }
}

}  // namespace

const at::Tensor& Batch::at(const std::string& name) const {
  auto it = tensors.find(name);
  if (it == tensors.end()) {
    throw Error("the batch has no tensor '" + name + "' (has: " + keys_of(tensors) + ")");
  }
  return it->second;
}

Batch Batch::to(const at::Device& device) const {
  Batch moved;
  moved.items = items;
  // Host-to-device copies may overlap compute; device-to-host must finish before use.
  const bool non_blocking = !device.is_cpu();
  for (const auto& [name, tensor] : tensors) {
    moved.tensors[name] = tensor.to(at::TensorOptions().device(device), non_blocking);
  }
  return moved;
}

Batch Batch::collate(std::vector<Sample> samples) {
  if (samples.empty()) throw Error("cannot batch an empty list of samples");
  const Sample& first = samples.front();
  for (const Sample& sample : samples) check_compatible(first, sample);
  for (const auto& entry : first.scalars) {
    if (first.volumes.count(entry.first)) {
      throw DataError("cannot batch case " + first.case_id + ": '" + entry.first +
                      "' is both a volume and a scalar");
    }
  }

  Batch batch;
  std::vector<at::Tensor> parts;
  parts.reserve(samples.size());
  for (const auto& entry : first.volumes) {
    parts.clear();
    for (const Sample& sample : samples) parts.push_back(sample.volumes.at(entry.first).data);
    batch.tensors[entry.first] = at::stack(parts);
  }
  for (const auto& entry : first.scalars) {
    at::Tensor values = at::empty({static_cast<int64_t>(samples.size())}, at::kFloat);
    auto out = values.accessor<float, 1>();
    for (size_t i = 0; i < samples.size(); ++i) {
      out[static_cast<int64_t>(i)] = static_cast<float>(samples[i].scalars.at(entry.first));
    }
    batch.tensors[entry.first] = values;
  }

  batch.items = std::move(samples);
  for (Sample& item : batch.items) {
    for (auto& entry : item.volumes) entry.second.data = at::Tensor();  // geometry kept
  }
  return batch;
}

}  // namespace ves
