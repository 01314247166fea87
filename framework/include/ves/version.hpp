#pragma once
// Framework version and plugin ABI version. A plugin built against another ABI version is refused.

namespace ves {
/// Version of the framework, "major.minor.patch".
inline constexpr const char* kVersion = "0.1.0";
/// Bumped whenever a public header in ves/ changes incompatibly; plugins must match it exactly.
inline constexpr int kAbiVersion = 3;
}  // namespace ves
