#pragma once
// What a plugin library exports. In one .cpp of the plugin:
//   void register_components(ves::Registry& r) { r.add<ves::Transform>("my_tf", ...); }
//   VES_PLUGIN("my-plugin", "0.1.0", "What it provides, in one line", register_components)
#include <boost/dll/alias.hpp>

#include "ves/plugin/registry.hpp"
#include "ves/version.hpp"

namespace ves {

/// Plain data so the loader can read it before trusting the plugin's C++ ABI.
struct PluginInfo {
  int abi_version;          ///< must equal ves::kAbiVersion
  const char* name;         ///< e.g. "unet3d"
  const char* version;      ///< the plugin's own version
  const char* description;  ///< one line
};

using PluginInfoFunction = PluginInfo();
using PluginRegisterFunction = void(Registry&);

}  // namespace ves

/// Exports the plugin's info and registration function under the names the loader looks for.
#define VES_PLUGIN(NAME, VERSION, DESCRIPTION, REGISTER_FUNCTION)         \
  namespace {                                                             \
  ves::PluginInfo ves_plugin_info_impl() {                                \
    return ves::PluginInfo{ves::kAbiVersion, NAME, VERSION, DESCRIPTION}; \
  }                                                                       \
  void ves_plugin_register_impl(ves::Registry& registry) {                \
    REGISTER_FUNCTION(registry);                                          \
  }                                                                       \
  }                                                                       \
  BOOST_DLL_ALIAS(ves_plugin_info_impl, ves_plugin_info)                  \
  BOOST_DLL_ALIAS(ves_plugin_register_impl, ves_plugin_register)
