#pragma once
// Validated parameters of one component: what a factory reads.
#include <string>
#include <vector>

#include "ves/config/config_error.hpp"
#include "ves/config/schema.hpp"

namespace ves::config {

/// A component's configuration after validation against its schema: defaults filled in,
/// types checked, unknown keys rejected. Accessors cannot fail for declared parameters.
class Params {
 public:
  /// Validates `node` (a map; its "type" key is skipped) against `schema`. `owner` names the
  /// component in messages ("model unet3d"). Throws ConfigError with file:line:col and hints.
  static Params validate(const Node& node, const Schema& schema, const std::string& owner);

  bool has(const std::string& name) const;  ///< present or defaulted
  bool get_bool(const std::string& name) const;
  int64_t get_int(const std::string& name) const;
  double get_double(const std::string& name) const;
  std::string get_string(const std::string& name) const;
  std::vector<int64_t> get_ints(const std::string& name) const;
  std::vector<double> get_doubles(const std::string& name) const;
  std::vector<std::string> get_strings(const std::string& name) const;
  /// The raw node (Map, Any, Component, ComponentList parameters).
  const Node& node(const std::string& name) const;
  /// The validated map itself (with defaults), e.g. to save or print.
  const Node& all() const { return values_; }
  /// Location of a parameter, for errors raised later by the component.
  SourceLocation where(const std::string& name) const;
  /// A ConfigError pointing at parameter `name` (for checks a schema cannot express).
  ConfigError error(const std::string& name, const std::string& problem,
                    const std::string& hint = {}) const;

 private:
  Node values_;
  std::string owner_;
};

}  // namespace ves::config
