#pragma once
// Writer: saves a Volume in a file format, keeping its geometry.
#include <filesystem>
#include <vector>

#include "ves/api/component.hpp"
#include "ves/core/volume.hpp"

namespace ves {

class Writer : public Component {
 public:
  static constexpr const char* kKind = "writer";
  /// File extensions this writer produces, e.g. {".nii.gz", ".nii"}.
  virtual std::vector<std::string> extensions() const = 0;
  /// Writes atomically (temporary file + rename); throws DataError naming the path on failure.
  virtual void write(const Volume& volume, const std::filesystem::path& path) const = 0;
};

}  // namespace ves
