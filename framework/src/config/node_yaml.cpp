// Writing a configuration tree back as YAML (the resolved config saved in each run directory).
#include <yaml-cpp/yaml.h>

#include "ves/config/config_error.hpp"
#include "ves/config/node.hpp"

namespace ves::config {

namespace {

void emit(YAML::Emitter& out, const Node& node) {
  switch (node.kind()) {
    case Node::Kind::Null:
      out << YAML::Null;
      break;
    case Node::Kind::Scalar:
      // Quoted strings stay quoted so "3" reads back as text; the emitter itself adds quotes
      // to plain text that would not read back as written ("a: b", "null", "").
      if (node.quoted()) out << YAML::DoubleQuoted;
      out << node.text();
      break;
    case Node::Kind::Sequence:
      out << YAML::BeginSeq;
      for (const auto& item : node.items()) emit(out, item);
      out << YAML::EndSeq;
      break;
    case Node::Kind::Map:
      out << YAML::BeginMap;
      for (const auto& [key, value] : node.entries()) {
        out << YAML::Key << key << YAML::Value;
        emit(out, value);
      }
      out << YAML::EndMap;
      break;
  }
}

std::string render(const Node& node, bool flow) {
  YAML::Emitter out;
  if (flow) {
    out.SetSeqFormat(YAML::Flow);
    out.SetMapFormat(YAML::Flow);
  }
  emit(out, node);
  if (!out.good()) {
    throw ConfigError(node.where(), node.path(), "cannot write as YAML: " + out.GetLastError());
  }
  return out.c_str();
}

}  // namespace

std::string Node::to_yaml() const {
  return render(*this, false) + "\n";
}

std::string Node::to_flow_yaml() const {
  return render(*this, true);
}

}  // namespace ves::config
