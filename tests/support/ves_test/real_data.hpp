#pragma once
// Where tests find the real images fetched by scripts/fetch-test-data.sh (docs/test-data.md).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace ves_test {

/// Root of the fetched data: $VES_TEST_DATA, else the build's configured default.
inline std::filesystem::path real_data_root() {
  if (const char* env = std::getenv("VES_TEST_DATA"); env && *env) return env;
  return VES_REAL_DATA_DIR;
}

/// A file or folder under the data root (e.g. "debian/usr/share/mricron/templates/ch2.nii.gz").
inline std::filesystem::path real_data(const std::string& relative) {
  return real_data_root() / relative;
}

}  // namespace ves_test

/// Skips the current test, naming the missing file and the script that fetches it.
#define VES_REQUIRE_REAL_DATA(path)                                                       \
  do {                                                                                    \
    if (!std::filesystem::exists(path))                                                   \
      GTEST_SKIP() << "real test data missing: " << (path)                                \
                   << " (run scripts/fetch-test-data.sh, or set VES_TEST_DATA)";          \
  } while (0)
