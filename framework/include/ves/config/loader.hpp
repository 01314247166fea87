#pragma once
// Loading a pipeline file: YAML parsing with positions, include:, overrides, ${a.b} interpolation.
#include <filesystem>
#include <string>
#include <vector>

#include "ves/config/node.hpp"

namespace ves::config {

/// Parses YAML text; `file` names the source in locations. Throws ConfigError on syntax errors.
Node parse_yaml(const std::string& text, const std::string& file);

/// Reads a file and resolves `include:` (a path or list of paths, relative to the including
/// file; the including file wins over what it includes). Detects include cycles.
Node load_file(const std::filesystem::path& path);

/// Applies one "a.b.c=value" override (value parsed as YAML: numbers, lists [1,2], maps).
/// "+a.b=value" adds a key that does not exist yet; without "+", the key's parent must exist.
void apply_override(Node& root, const std::string& assignment);

/// Replaces every "${a.b}" by the value at that path (whole-node when the scalar is exactly
/// "${a.b}", textual otherwise) and "${env:NAME}" by an environment variable. Detects cycles.
void interpolate(Node& root);

/// The whole chain: load_file, each override in order, interpolate, set paths.
Node load_pipeline(const std::filesystem::path& path, const std::vector<std::string>& overrides);

}  // namespace ves::config
