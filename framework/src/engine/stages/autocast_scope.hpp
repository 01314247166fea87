#pragma once
// Mixed precision for a forward pass: bf16 autocast on CPU (or GPU) while the scope lives.
#include <ATen/autocast_mode.h>
#include <c10/core/Device.h>

namespace ves::stages {

/// Turns autocast on for `device` with bfloat16 when `enabled`; restores the previous state.
class AutocastScope {
 public:
  AutocastScope(const c10::Device& device, bool enabled) : cuda_(device.is_cuda()) {
    if (!enabled) return;
    active_ = true;
    previous_ = cuda_ ? at::autocast::is_enabled() : at::autocast::is_cpu_enabled();
    if (cuda_) {
      at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
      at::autocast::set_enabled(true);
    } else {
      at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
      at::autocast::set_cpu_enabled(true);
    }
  }
  ~AutocastScope() {
    if (!active_) return;
    if (cuda_)
      at::autocast::set_enabled(previous_);
    else
      at::autocast::set_cpu_enabled(previous_);
    at::autocast::clear_cache();
  }
  AutocastScope(const AutocastScope&) = delete;
  AutocastScope& operator=(const AutocastScope&) = delete;

 private:
  bool cuda_ = false;
  bool active_ = false;
  bool previous_ = false;
};

}  // namespace ves::stages
