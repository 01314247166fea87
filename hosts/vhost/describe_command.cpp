// vhost describe NAME: a component's parameters with types, defaults, ranges and docs.
#include <iomanip>
#include <iostream>

#include <sstream>
#include "commands.hpp"
#include "ves/config/config_error.hpp"

namespace vhost {

namespace {

std::string constraint_text(const ves::config::ParamSpec& p) {
  std::string out;
  if (!p.choices.empty()) {
    for (const auto& c : p.choices) out += (out.empty() ? "one of " : ", ") + c;
  }
  auto num = [](double v) {
    std::ostringstream ss;
    ss << v;
    return ss.str();
  };
  if (p.min && p.max) out = "[" + num(*p.min) + ", " + num(*p.max) + "]";
  else if (p.min) out = ">= " + num(*p.min);
  else if (p.max) out = "<= " + num(*p.max);
  if (p.length) out += (out.empty() ? "" : ", ") + std::to_string(*p.length) + " values";
  return out;
}

void describe(const ves::ComponentInfo& info) {
  std::cout << info.name << " (" << info.kind << ") from "
            << (info.library.empty() ? "the framework" : "plugin " + info.plugin + " (" + info.library + ")")
            << "\n  " << info.doc << "\n\n";
  if (info.schema.params().empty()) {
    std::cout << "  no parameters\n";
    return;
  }
  size_t width = 4;
  for (const auto& p : info.schema.params()) width = std::max(width, p.name.size());
  for (const auto& p : info.schema.params()) {
    std::string def = p.default_value ? p.default_text() : (p.optional ? "(optional)" : "(required)");
    std::string type = ves::config::type_name(p.type);
    if (!p.component_kind.empty()) type += " (" + p.component_kind + ")";
    std::cout << "  " << std::left << std::setw(static_cast<int>(width)) << p.name << "  " << type
              << "  default: " << def;
    const auto constraint = constraint_text(p);
    if (!constraint.empty()) std::cout << "  " << constraint;
    std::cout << "\n  " << std::string(width, ' ') << "  " << p.doc << "\n";
  }
}

}  // namespace

Action add_describe_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("describe", "Show a component's parameters, defaults and docs");
  auto name = std::make_shared<std::string>();
  cmd->add_option("name", *name, "component name, e.g. phantom or dataset_summary")->required();
  return [=]() {
    auto& plugins = load_plugins();
    const auto found = plugins.registry.find_any(*name);
    if (found.empty()) {
      std::vector<std::string> all;
      for (const auto* c : plugins.registry.list()) all.push_back(c->name);
      const auto guess = ves::config::did_you_mean(*name, all);
      throw ves::UsageError("no component named '" + *name + "'" +
                            (guess.empty() ? "" : "; did you mean " + guess + "?") +
                            " (`vhost plugins` lists every component)");
    }
    for (size_t i = 0; i < found.size(); ++i) {
      if (i) std::cout << "\n";
      describe(*found[i]);
    }
    return 0;
  };
}

}  // namespace vhost
