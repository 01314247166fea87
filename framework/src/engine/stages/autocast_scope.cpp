// Whether bfloat16 autocast pays off on the device, and a warning when it does not.
#include "autocast_scope.hpp"

#include <fstream>

#include "ves/core/log.hpp"

namespace ves::stages {

bool has_native_bf16(const c10::Device& device) {
  if (!device.is_cpu()) return true;
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);)
    if (line.rfind("flags", 0) == 0)
      return line.find(" avx512_bf16") != std::string::npos ||
             line.find(" amx_bf16") != std::string::npos;
  return false;
}

void warn_if_emulated_bf16(const c10::Device& device, const std::string& stage) {
  if (has_native_bf16(device)) return;
  log().warn(
      "{}: precision bf16 on a CPU without avx512_bf16 or amx_bf16 is emulated and usually "
      "slower than fp32; set precision: fp32 unless you have measured it",
      stage);
}

}  // namespace ves::stages
