// Validation of a component's parameters against its schema, and typed access afterwards.
#include "ves/config/params.hpp"

#include <filesystem>

#include <charconv>

namespace ves::config {

namespace {

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

std::string child_key(const std::string& base, const std::string& name) {
  return base.empty() ? name : base + "." + name;
}

std::string number_text(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

bool is_list_type(ParamType type) {
  return type == ParamType::IntList || type == ParamType::FloatList ||
         type == ParamType::StringList || type == ParamType::ComponentList;
}

ParamType element_type(ParamType list) {
  switch (list) {
    case ParamType::IntList:
      return ParamType::Int;
    case ParamType::FloatList:
      return ParamType::Float;
    case ParamType::ComponentList:
      return ParamType::Component;
    default:
      return ParamType::String;
  }
}

// What was found, for "expected X, got Y": the text of a scalar, the kind of anything else.
std::string got(const Node& value, bool scalar_by_kind) {
  if (value.is_null()) return "null";
  if (!value.is_scalar()) return "a " + value.kind_name();
  if (scalar_by_kind) return "a scalar";
  return (value.quoted() ? "the string '" : "'") + value.text() + "'";
}

// Checks one parameter value; `key` is its dotted path for messages.
class Checker {
 public:
  explicit Checker(const ParamSpec& spec) : spec_(spec) {}

  void check(const Node& value, const std::string& key) const {
    check_type(value, key);
    if (spec_.check && !value.is_null()) spec_.check(value, key);
  }

 private:
  void check_type(const Node& value, const std::string& key) const {
    const ParamType type = spec_.type;
    // null is "not set" for optional parameters and "empty" for maps and lists.
    if (value.is_null() &&
        (spec_.optional || type == ParamType::Any || type == ParamType::Map || is_list_type(type)))
      return;
    switch (type) {
      case ParamType::Any:
        return;
      case ParamType::Map:
        if (!value.is_map()) fail(value, key, "expected a map, got " + got(value, true));
        return;
      case ParamType::IntList:
      case ParamType::FloatList:
      case ParamType::StringList:
      case ParamType::ComponentList:
        check_list(value, key);
        return;
      case ParamType::Component:
        check_component(value, key);
        return;
      default:
        check_scalar(value, key, type);
    }
  }

  [[noreturn]] static void fail(const Node& at, const std::string& key, const std::string& problem,
                                const std::string& hint = {}) {
    throw ConfigError(at.where(), key, problem, hint);
  }

  void check_list(const Node& value, const std::string& key) const {
    if (!value.is_sequence()) {
      fail(value, key, "expected a " + type_name(spec_.type) + ", got " + got(value, true));
    }
    if (spec_.length && value.size() != *spec_.length) {
      fail(value, key,
           "expected " + std::to_string(*spec_.length) + " values, got " +
               std::to_string(value.size()));
    }
    const ParamType element = element_type(spec_.type);
    for (size_t i = 0; i < value.size(); ++i) {
      const std::string item_key = key + "[" + std::to_string(i) + "]";
      if (element == ParamType::Component) {
        check_component(value[i], item_key);
      } else {
        check_scalar(value[i], item_key, element);
      }
    }
  }

  void check_scalar(const Node& value, const std::string& key, ParamType type) const {
    const std::string expected = type_name(type);
    if (!value.is_scalar()) fail(value, key, "expected " + expected + ", got " + got(value, false));
    const bool ok = type == ParamType::Bool    ? value.is_bool()
                    : type == ParamType::Int   ? value.is_int()
                    : type == ParamType::Float ? value.is_double()
                                               : true;
    if (!ok) fail(value, key, "expected " + expected + ", got " + got(value, false));
    if (type == ParamType::Int || type == ParamType::Float) check_bounds(value, key);
    check_choices(value, key);
  }

  void check_bounds(const Node& value, const std::string& key) const {
    const double v = value.as_double();
    if (spec_.min && v < *spec_.min) {
      fail(value, key,
           "value " + value.text() + " is below the minimum " + number_text(*spec_.min));
    }
    if (spec_.max && v > *spec_.max) {
      fail(value, key,
           "value " + value.text() + " is above the maximum " + number_text(*spec_.max));
    }
  }

  void check_choices(const Node& value, const std::string& key) const {
    if (spec_.choices.empty()) return;
    for (const auto& choice : spec_.choices)
      if (choice == value.text()) return;
    const std::string guess = did_you_mean(value.text(), spec_.choices);
    fail(value, key, "value '" + value.text() + "' is not one of " + join(spec_.choices),
         guess.empty() ? "" : "did you mean " + guess + "?");
  }

  // A component is a map naming its implementation with "type:", or just that name.
  void check_component(const Node& value, const std::string& key) const {
    const std::string kind = spec_.component_kind.empty() ? "component" : spec_.component_kind;
    if (value.is_scalar() && !value.text().empty()) return;
    if (!value.is_map()) {
      fail(value, key,
           "expected a " + kind + " (a map with 'type:', or a name), got " + got(value, false));
    }
    const Node* type = value.find("type");
    if (!type) fail(value, key, "missing 'type:' naming the " + kind + " to use");
    if (!type->is_scalar()) {
      fail(*type, child_key(key, "type"),
           "expected the name of a " + kind + ", got " + got(*type, false));
    }
  }

  const ParamSpec& spec_;
};

}  // namespace

namespace {
// A relative path written in a YAML file means relative to that file (as `include:` does);
// one from the command line or a default stays relative to the working directory.
Node relative_to_file(const Node& value) {
  if (!value.is_scalar() || value.text().empty()) return value;
  const std::filesystem::path written(value.text());
  const std::string& file = value.where().file;
  if (written.is_absolute() || file.empty() || file.front() == '<') return value;
  const std::filesystem::path folder = std::filesystem::path(file).parent_path();
  if (folder.empty()) return value;
  Node resolved = Node::scalar((folder / written).lexically_normal().string(), value.where(),
                               /*quoted=*/true);
  resolved.set_path(value.path());
  return resolved;
}
}  // namespace

Params Params::validate(const Node& node, const Schema& schema, const std::string& owner) {
  const std::string& base = node.path();
  if (!node.is_map() && !node.is_null() && !node.is_scalar()) {
    throw ConfigError(node.where(), base,
                      "expected a map of parameters of " + owner + ", got a " + node.kind_name());
  }
  // A bare scalar is a component named without parameters: validate it as {type: scalar}.
  if (node.is_scalar()) {
    Node named = Node::map(node.where());
    named.set("type", node);
    named.set_path(base);
    return validate(named, schema, owner);
  }
  // Unknown keys first: a misspelt required key is reported as the typo, not as missing.
  for (const auto& [key, value] : node.entries()) {
    if (key == "type" || schema.find(key)) continue;
    const std::string guess = did_you_mean(key, schema.names());
    std::string hint;
    if (!guess.empty()) {
      hint = "did you mean " + guess + "?";
    } else {
      hint = schema.params().empty() ? owner + " takes no parameters"
                                     : "known parameters: " + join(schema.names());
    }
    throw ConfigError(node.key_where(key), child_key(base, key), "unknown parameter of " + owner,
                      hint);
  }

  Params params;
  params.owner_ = owner;
  params.values_ = Node::map(node.where());
  // Given values keep their own paths: a section shared by several stages is still reported
  // under the key the user wrote. Only defaults get a path here.
  params.values_.set_path(base);
  if (const Node* type = node.find("type")) {
    params.values_.set("type", *type);
    params.values_.set_key_where("type", node.key_where("type"));
  }
  for (const auto& spec : schema.params()) {
    const std::string key = child_key(base, spec.name);
    if (const Node* given = node.find(spec.name)) {
      Checker(spec).check(*given, given->path().empty() ? key : given->path());
      params.values_.set(spec.name,
                         spec.type == ParamType::Path ? relative_to_file(*given) : *given);
      params.values_.set_key_where(spec.name, node.key_where(spec.name));
    } else if (spec.default_value) {
      Node fallback = *spec.default_value;
      fallback.set_path(key);
      params.values_.set(spec.name, std::move(fallback));
    } else if (spec.optional) {
      Node unset;  // declared but unset: has() is false
      unset.set_path(key);
      params.values_.set(spec.name, std::move(unset));
    } else {
      throw ConfigError(node.where(), key, "missing required parameter of " + owner, spec.doc);
    }
  }
  return params;
}

bool Params::has(const std::string& name) const {
  const Node* value = values_.find(name);
  return value && !value->is_null();
}

const Node& Params::node(const std::string& name) const {
  if (const Node* value = values_.find(name)) return *value;
  throw ConfigError(values_.where(), child_key(values_.path(), name),
                    "internal error: " + owner_ + " reads a parameter its schema does not declare",
                    "add it to the component's schema");
}

namespace {
// Reading an optional parameter that was not set is a bug in the component, not in the config.
const Node& set_value(const Node& value, const std::string& owner) {
  if (value.is_null()) {
    throw ConfigError(value.where(), value.path(),
                      "internal error: " + owner + " reads an optional parameter that is not set",
                      "check has() first");
  }
  return value;
}
}  // namespace

bool Params::get_bool(const std::string& name) const {
  return set_value(node(name), owner_).as_bool();
}

int64_t Params::get_int(const std::string& name) const {
  return set_value(node(name), owner_).as_int();
}

double Params::get_double(const std::string& name) const {
  return set_value(node(name), owner_).as_double();
}

std::string Params::get_string(const std::string& name) const {
  const Node& value = node(name);
  return value.is_null() ? std::string() : value.text();
}

std::vector<int64_t> Params::get_ints(const std::string& name) const {
  std::vector<int64_t> out;
  for (const auto& item : node(name).items()) out.push_back(item.as_int());
  return out;
}

std::vector<double> Params::get_doubles(const std::string& name) const {
  std::vector<double> out;
  for (const auto& item : node(name).items()) out.push_back(item.as_double());
  return out;
}

std::vector<std::string> Params::get_strings(const std::string& name) const {
  std::vector<std::string> out;
  for (const auto& item : node(name).items()) out.push_back(item.text());
  return out;
}

SourceLocation Params::where(const std::string& name) const {
  const Node* value = values_.find(name);
  return value ? value->where() : values_.where();
}

ConfigError Params::error(const std::string& name, const std::string& problem,
                          const std::string& hint) const {
  return ConfigError(where(name), child_key(values_.path(), name), problem, hint);
}

}  // namespace ves::config
