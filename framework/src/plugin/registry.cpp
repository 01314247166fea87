// Component registry: lookup by kind and name, validation, construction.
#include "ves/plugin/registry.hpp"

#include <algorithm>

#include "ves/api/reader.hpp"
#include "ves/config/config_error.hpp"
#include "ves/engine/dataset.hpp"

namespace ves {

namespace {
std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "(none loaded)" : out;
}
// A bare scalar "unet3d" means {type: unet3d} with every parameter at its default.
config::Node body_of(const config::Node& node) {
  if (!node.is_scalar()) return node;
  config::Node body = config::Node::map(node.where());
  body.set_path(node.path());
  return body;
}
std::string origin_of(const ComponentInfo& info) {
  if (!info.library.empty()) return info.library;
  return info.plugin.empty() ? "an earlier registration" : "plugin '" + info.plugin + "'";
}
}  // namespace

void Registry::add_entry(ComponentInfo info, AnyFactory factory) {
  if (const auto* existing = find(info.kind, info.name)) {
    throw PluginError(info.kind + " '" + info.name + "' is registered twice (already provided by " +
                      origin_of(*existing) + ")");
  }
  // Every reader accepts the dataset options the engine applies (`where:`, `on_error:`).
  if (info.kind == Reader::kKind) add_dataset_options(info.schema);
  entries_.push_back(Entry{std::move(info), std::move(factory)});
}

void Registry::merge_from(Registry&& other, const std::string& plugin, const std::string& library) {
  for (const auto& e : other.entries_) {
    if (const auto* existing = find(e.info.kind, e.info.name)) {
      throw PluginError(library + ": refused: its " + e.info.kind + " '" + e.info.name +
                        "' is already provided by " + origin_of(*existing));
    }
  }
  for (auto& e : other.entries_) {
    e.info.plugin = plugin;
    e.info.library = library;
    entries_.push_back(std::move(e));
  }
  other.entries_.clear();
}

const ComponentInfo* Registry::find(const std::string& kind, const std::string& name) const {
  for (const auto& e : entries_)
    if (e.info.kind == kind && e.info.name == name) return &e.info;
  return nullptr;
}

std::vector<const ComponentInfo*> Registry::list(const std::string& kind) const {
  std::vector<const ComponentInfo*> out;
  for (const auto& e : entries_)
    if (kind.empty() || e.info.kind == kind) out.push_back(&e.info);
  std::sort(out.begin(), out.end(), [](const ComponentInfo* a, const ComponentInfo* b) {
    return std::tie(a->kind, a->name) < std::tie(b->kind, b->name);
  });
  return out;
}

std::vector<std::string> Registry::names(const std::string& kind) const {
  std::vector<std::string> out;
  for (const auto* info : list(kind)) out.push_back(info->name);
  return out;
}

std::vector<const ComponentInfo*> Registry::find_any(const std::string& name) const {
  std::vector<const ComponentInfo*> out;
  for (const auto* info : list())
    if (info->name == name) out.push_back(info);
  return out;
}

const Registry::Entry& Registry::resolve(const std::string& kind, const config::Node& node,
                                         const std::string& owner) const {
  // Messages name the YAML path of the value when known ("dataset.type"), else the owner.
  const std::string key = node.path().empty() ? owner : node.path();
  const config::Node* type_node = nullptr;
  if (node.is_scalar()) {
    type_node = &node;
  } else if (node.is_map()) {
    type_node = node.find("type");
    if (!type_node) {
      throw config::ConfigError(node.where(), key, "missing 'type:' naming the " + kind + " to use",
                                "known " + kind + "s: " + join(names(kind)));
    }
  } else {
    throw config::ConfigError(
        node.where(), key,
        "expected a " + kind + " (a map with 'type:'), got a " + node.kind_name());
  }
  const std::string type_key = node.is_scalar() ? key : key + ".type";
  if (!type_node->is_scalar()) {
    throw config::ConfigError(type_node->where(), type_key, "expected a " + kind + " name");
  }
  const std::string& name = type_node->text();
  for (const auto& e : entries_)
    if (e.info.kind == kind && e.info.name == name) return e;
  const auto known = names(kind);
  const std::string guess = config::did_you_mean(name, known);
  std::string hint = guess.empty() ? "" : "did you mean " + guess + "? ";
  hint += "known " + kind + "s: " + join(known) +
          " (is the plugin providing it on the search path? see `vhost plugins`)";
  throw config::ConfigError(type_node->where(), type_key, "unknown " + kind + " '" + name + "'",
                            hint);
}

config::Params Registry::validate(const std::string& kind, const config::Node& node,
                                  const std::string& owner) const {
  const Entry& entry = resolve(kind, node, owner);
  auto params =
      config::Params::validate(body_of(node), entry.info.schema, kind + " " + entry.info.name);
  // Nested components are validated too, so `vhost validate` finds every problem before a run.
  for (const auto& spec : entry.info.schema.params()) {
    if (!params.has(spec.name)) continue;
    const config::Node& value = params.node(spec.name);
    const std::string inner = owner + "." + spec.name;
    if (spec.type == config::ParamType::Component && !value.is_null()) {
      validate(spec.component_kind, value, inner);
    } else if (spec.type == config::ParamType::ComponentList && value.is_sequence()) {
      for (size_t i = 0; i < value.size(); ++i)
        validate(spec.component_kind, value[i], inner + "[" + std::to_string(i) + "]");
    }
  }
  return params;
}

std::unique_ptr<Component> Registry::create_any(const std::string& kind, const config::Node& node,
                                                const Context& context,
                                                const std::string& owner) const {
  const Entry& entry = resolve(kind, node, owner);
  const auto params =
      config::Params::validate(body_of(node), entry.info.schema, kind + " " + entry.info.name);
  return entry.factory(params, context);
}

}  // namespace ves
