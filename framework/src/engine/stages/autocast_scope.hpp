#pragma once
// Mixed precision for a forward pass: bf16 autocast on CPU (or GPU) while the scope lives.
#include <ATen/autocast_mode.h>
#include <c10/core/Device.h>

#include <string>

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

/// Whether `device` computes bfloat16 natively: a GPU, or a CPU whose flags list avx512_bf16 or
/// amx_bf16 (elsewhere autocast still works, but emulated and usually slower than fp32).
bool has_native_bf16(const c10::Device& device);

/// Logs a warning that `precision: bf16` of `stage` is emulated when `device` lacks native bf16.
void warn_if_emulated_bf16(const c10::Device& device, const std::string& stage);

}  // namespace ves::stages
