#pragma once
// Parameter schemas: one source for YAML validation, `vhost describe`, the generated config
// reference and Slicer CLI XML.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ves/config/node.hpp"

namespace ves::config {

enum class ParamType {
  Bool,
  Int,
  Float,
  String,
  Path,
  IntList,
  FloatList,
  StringList,
  Map,            ///< free-form map, validated by whoever reads it
  Any,            ///< any value
  Component,      ///< a map with "type:" naming a component of `component_kind`
  ComponentList,  ///< a list of such maps
};
/// "int", "float", "list of float", ... for messages and docs.
std::string type_name(ParamType type);

/// One parameter: name, type, default (absent = required), bounds or choices, one line of doc.
struct ParamSpec {
  std::string name;
  ParamType type = ParamType::String;
  std::string doc;
  std::optional<Node> default_value;  ///< absent and !optional => required
  bool optional = false;              ///< may be absent with no default
  std::optional<double> min, max;     ///< inclusive bounds for numbers (each list element too)
  std::vector<std::string> choices;   ///< allowed values for strings
  std::string component_kind;         ///< for Component/ComponentList: "transform", "loss"...
  std::optional<size_t> length;       ///< exact list length when fixed (e.g. 3 for a spacing)
  /// A further check of a present value after its type's (e.g. a nested map's own schema);
  /// throws ConfigError. Runs wherever schemas do, so `vhost validate` catches it.
  std::function<void(const Node& value, const std::string& key)> check;

  /// Default as YAML text ("" when required), for docs.
  std::string default_text() const;
};

/// An ordered list of parameter specs with a fluent builder.
class Schema {
 public:
  Schema& add(ParamSpec spec);
  Schema& flag(std::string name, bool def, std::string doc);
  Schema& integer(std::string name, std::optional<int64_t> def, std::string doc,
                  std::optional<double> min = {}, std::optional<double> max = {});
  Schema& real(std::string name, std::optional<double> def, std::string doc,
               std::optional<double> min = {}, std::optional<double> max = {});
  Schema& text(std::string name, std::optional<std::string> def, std::string doc);
  Schema& choice(std::string name, std::string def, std::vector<std::string> choices,
                 std::string doc);
  Schema& path(std::string name, std::optional<std::string> def, std::string doc);
  Schema& integers(std::string name, std::optional<std::vector<int64_t>> def, std::string doc,
                   std::optional<size_t> length = {});
  Schema& reals(std::string name, std::optional<std::vector<double>> def, std::string doc,
                std::optional<size_t> length = {});
  Schema& texts(std::string name, std::optional<std::vector<std::string>> def, std::string doc);
  Schema& component(std::string name, std::string kind, std::string doc, bool required = true);
  Schema& components(std::string name, std::string kind, std::string doc);
  Schema& any(std::string name, std::string doc, bool required = false);
  /// Attaches ParamSpec::check to the declared parameter `name`.
  Schema& check(const std::string& name,
                std::function<void(const Node& value, const std::string& key)> check);

  const std::vector<ParamSpec>& params() const { return params_; }
  const ParamSpec* find(const std::string& name) const;
  std::vector<std::string> names() const;

 private:
  std::vector<ParamSpec> params_;
};

}  // namespace ves::config
