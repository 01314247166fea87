#pragma once
// The registry: component factories by kind and name, each with its parameter schema.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ves/api/component.hpp"
#include "ves/config/params.hpp"
#include "ves/core/error.hpp"

namespace ves {

/// Everything known about a registered component (shown by `vhost plugins` and `describe`).
struct ComponentInfo {
  std::string kind;  ///< "reader", "transform", "model", ...
  std::string name;  ///< unique within its kind, e.g. "unet3d"
  std::string doc;   ///< one line
  config::Schema schema;
  std::string plugin;   ///< plugin that registered it ("framework" for built-ins)
  std::string library;  ///< file it was loaded from ("" for built-ins)
};

using AnyFactory = std::function<std::unique_ptr<Component>(const config::Params&, const Context&)>;

class Registry {
 public:
  /// Registers a factory `(const Params&, const Context&) -> std::unique_ptr<Derived>` for
  /// interface T (T::kKind gives the kind). Throws PluginError on a duplicate name.
  template <class T, class Factory>
  void add(std::string name, std::string doc, config::Schema schema, Factory factory) {
    add_entry(ComponentInfo{T::kKind, std::move(name), std::move(doc), std::move(schema), {}, {}},
              [factory](const config::Params& p, const Context& c) -> std::unique_ptr<Component> {
                return factory(p, c);
              });
  }
  void add_entry(ComponentInfo info, AnyFactory factory);

  /// Moves every entry of `other` in, naming `plugin` and `library` as their origin. Throws
  /// PluginError naming both libraries if any name is taken; nothing is added then.
  void merge_from(Registry&& other, const std::string& plugin, const std::string& library);

  const ComponentInfo* find(const std::string& kind, const std::string& name) const;
  /// Components of one kind (all kinds when empty), sorted by kind then name.
  std::vector<const ComponentInfo*> list(const std::string& kind = {}) const;
  std::vector<std::string> names(const std::string& kind) const;
  /// Entries with this name in any kind (for `vhost describe NAME`).
  std::vector<const ComponentInfo*> find_any(const std::string& name) const;

  /// Builds from a map with "type: NAME" (or a bare scalar NAME): validates the other keys
  /// against the schema. Errors name the location, list the known names, suggest the closest.
  std::unique_ptr<Component> create_any(const std::string& kind, const config::Node& node,
                                        const Context& context, const std::string& owner) const;
  template <class T>
  std::unique_ptr<T> create(const config::Node& node, const Context& context,
                            const std::string& owner) const {
    auto made = create_any(T::kKind, node, context, owner);
    auto* typed = dynamic_cast<T*>(made.get());
    if (!typed) throw PluginError(owner + ": component is not a " + T::kKind);
    made.release();
    return std::unique_ptr<T>(typed);
  }
  /// Validates without building (`vhost validate`): same errors as create_any.
  config::Params validate(const std::string& kind, const config::Node& node,
                          const std::string& owner) const;

 private:
  struct Entry {
    ComponentInfo info;
    AnyFactory factory;
  };
  const Entry& resolve(const std::string& kind, const config::Node& node,
                       const std::string& owner) const;
  std::vector<Entry> entries_;
};

template <class T>
std::unique_ptr<T> Context::create(const config::Node& node, const std::string& owner) const {
  if (!registry) throw Error("internal: Context has no registry while creating " + owner);
  return registry->create<T>(node, *this, owner);
}

}  // namespace ves
