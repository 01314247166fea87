// Parameter schemas and their fluent builder.
#include "ves/config/schema.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>

#include "ves/core/error.hpp"

namespace ves::config {

namespace {

// Shortest text that reads back as the same double, written so it still reads as a float.
std::string real_text(double value) {
  if (std::isnan(value)) return ".nan";
  if (std::isinf(value)) return value > 0 ? ".inf" : "-.inf";
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  std::string text(buffer, result.ptr);
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  return text;
}

// A default string that would otherwise read as a number, bool or null is kept quoted.
Node text_node(const std::string& text) {
  const Node plain = Node::scalar(text);
  const bool typed = plain.is_bool() || plain.is_double() || text.empty() || text == "~" ||
                     text == "null" || text == "Null" || text == "NULL";
  return Node::scalar(text, {}, typed);
}

void set_default_location(Node& node) {
  node.set_where(SourceLocation{"<default>"});
  for (auto& item : node.items()) set_default_location(item);
  for (auto& entry : node.entries()) set_default_location(entry.second);
}

ParamSpec make_spec(std::string name, ParamType type, std::string doc) {
  ParamSpec spec;
  spec.name = std::move(name);
  spec.type = type;
  spec.doc = std::move(doc);
  return spec;
}

template <class T, class ToNode>
std::optional<Node> list_node(const std::optional<std::vector<T>>& values, ToNode to_node) {
  if (!values) return std::nullopt;
  Node list = Node::sequence();
  for (const auto& v : *values) list.push_back(to_node(v));
  return list;
}

}  // namespace

std::string type_name(ParamType type) {
  switch (type) {
    case ParamType::Bool:
      return "bool";
    case ParamType::Int:
      return "int";
    case ParamType::Float:
      return "float";
    case ParamType::String:
      return "string";
    case ParamType::Path:
      return "path";
    case ParamType::IntList:
      return "list of int";
    case ParamType::FloatList:
      return "list of float";
    case ParamType::StringList:
      return "list of string";
    case ParamType::Map:
      return "map";
    case ParamType::Any:
      return "any";
    case ParamType::Component:
      return "component";
    case ParamType::ComponentList:
      return "list of components";
  }
  return "any";
}

std::string ParamSpec::default_text() const {
  return default_value ? default_value->to_flow_yaml() : std::string();
}

Schema& Schema::add(ParamSpec spec) {
  if (find(spec.name)) throw Error("schema: parameter '" + spec.name + "' is declared twice");
  if (spec.default_value) set_default_location(*spec.default_value);
  params_.push_back(std::move(spec));
  return *this;
}

Schema& Schema::flag(std::string name, bool def, std::string doc) {
  ParamSpec spec = make_spec(std::move(name), ParamType::Bool, std::move(doc));
  spec.default_value = Node::scalar(def ? "true" : "false");
  return add(std::move(spec));
}

Schema& Schema::integer(std::string name, std::optional<int64_t> def, std::string doc,
                        std::optional<double> min, std::optional<double> max) {
  ParamSpec spec = make_spec(std::move(name), ParamType::Int, std::move(doc));
  if (def) spec.default_value = Node::scalar(std::to_string(*def));
  spec.min = min;
  spec.max = max;
  return add(std::move(spec));
}

Schema& Schema::real(std::string name, std::optional<double> def, std::string doc,
                     std::optional<double> min, std::optional<double> max) {
  ParamSpec spec = make_spec(std::move(name), ParamType::Float, std::move(doc));
  if (def) spec.default_value = Node::scalar(real_text(*def));
  spec.min = min;
  spec.max = max;
  return add(std::move(spec));
}

Schema& Schema::text(std::string name, std::optional<std::string> def, std::string doc) {
  ParamSpec spec = make_spec(std::move(name), ParamType::String, std::move(doc));
  if (def) spec.default_value = text_node(*def);
  return add(std::move(spec));
}

Schema& Schema::choice(std::string name, std::string def, std::vector<std::string> choices,
                       std::string doc) {
  ParamSpec spec = make_spec(std::move(name), ParamType::String, std::move(doc));
  bool listed = false;
  for (const auto& c : choices) listed = listed || c == def;
  // An empty default that is not itself a choice means "required".
  if (!def.empty() && !listed) {
    throw Error("schema: default '" + def + "' of parameter '" + spec.name +
                "' is not one of its choices");
  }
  if (listed) spec.default_value = text_node(def);
  spec.choices = std::move(choices);
  return add(std::move(spec));
}

Schema& Schema::path(std::string name, std::optional<std::string> def, std::string doc) {
  ParamSpec spec = make_spec(std::move(name), ParamType::Path, std::move(doc));
  if (def) spec.default_value = text_node(*def);
  return add(std::move(spec));
}

Schema& Schema::integers(std::string name, std::optional<std::vector<int64_t>> def, std::string doc,
                         std::optional<size_t> length) {
  ParamSpec spec = make_spec(std::move(name), ParamType::IntList, std::move(doc));
  spec.default_value = list_node(def, [](int64_t v) { return Node::scalar(std::to_string(v)); });
  spec.length = length;
  return add(std::move(spec));
}

Schema& Schema::reals(std::string name, std::optional<std::vector<double>> def, std::string doc,
                      std::optional<size_t> length) {
  ParamSpec spec = make_spec(std::move(name), ParamType::FloatList, std::move(doc));
  spec.default_value = list_node(def, [](double v) { return Node::scalar(real_text(v)); });
  spec.length = length;
  return add(std::move(spec));
}

Schema& Schema::texts(std::string name, std::optional<std::vector<std::string>> def,
                      std::string doc) {
  ParamSpec spec = make_spec(std::move(name), ParamType::StringList, std::move(doc));
  spec.default_value = list_node(def, [](const std::string& v) { return text_node(v); });
  return add(std::move(spec));
}

Schema& Schema::component(std::string name, std::string kind, std::string doc, bool required) {
  ParamSpec spec = make_spec(std::move(name), ParamType::Component, std::move(doc));
  spec.optional = !required;
  spec.component_kind = std::move(kind);
  return add(std::move(spec));
}

Schema& Schema::components(std::string name, std::string kind, std::string doc) {
  ParamSpec spec = make_spec(std::move(name), ParamType::ComponentList, std::move(doc));
  spec.default_value = Node::sequence();
  spec.component_kind = std::move(kind);
  return add(std::move(spec));
}

Schema& Schema::any(std::string name, std::string doc, bool required) {
  ParamSpec spec = make_spec(std::move(name), ParamType::Any, std::move(doc));
  spec.optional = !required;
  return add(std::move(spec));
}

Schema& Schema::check(const std::string& name,
                      std::function<void(const Node& value, const std::string& key)> check) {
  for (auto& spec : params_)
    if (spec.name == name) {
      spec.check = std::move(check);
      return *this;
    }
  throw std::logic_error("Schema::check: no parameter '" + name + "' declared");
}

const ParamSpec* Schema::find(const std::string& name) const {
  for (const auto& spec : params_)
    if (spec.name == name) return &spec;
  return nullptr;
}

std::vector<std::string> Schema::names() const {
  std::vector<std::string> out;
  for (const auto& spec : params_) out.push_back(spec.name);
  return out;
}

}  // namespace ves::config
