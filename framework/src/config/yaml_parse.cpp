// YAML text to a configuration tree, keeping the line and column of every key and value.
#include <yaml-cpp/yaml.h>

#include "ves/config/config_error.hpp"
#include "ves/config/loader.hpp"

namespace ves::config {

namespace {

class Converter {
 public:
  explicit Converter(std::string file) : file_(std::move(file)) {}

  // yaml-cpp counts from 0 and marks unknown positions with -1.
  SourceLocation at(const YAML::Mark& mark) const {
    if (mark.line < 0) return SourceLocation{file_};
    return SourceLocation{file_, mark.line + 1, mark.column + 1};
  }

  Node convert(const YAML::Node& y, const std::string& path, const SourceLocation& fallback) {
    SourceLocation where = at(y.Mark());
    if (where.line == 0) where = fallback;
    switch (y.Type()) {
      case YAML::NodeType::Scalar: {
        // Tag "!" marks a quoted or block scalar, "!!str" an explicit string: never a number.
        const bool quoted = y.Tag() == "!" || y.Tag() == "tag:yaml.org,2002:str";
        return Node::scalar(y.Scalar(), where, quoted);
      }
      case YAML::NodeType::Sequence: {
        Node seq = Node::sequence(where);
        size_t i = 0;
        for (const auto& item : y) {
          seq.push_back(convert(item, path + "[" + std::to_string(i) + "]", where));
          ++i;
        }
        return seq;
      }
      case YAML::NodeType::Map:
        return convert_map(y, path, where);
      default: {
        Node null;
        null.set_where(where);
        return null;
      }
    }
  }

 private:
  Node convert_map(const YAML::Node& y, const std::string& path, const SourceLocation& where) {
    Node map = Node::map(where);
    for (auto it = y.begin(); it != y.end(); ++it) {
      const SourceLocation key_at = at(it->first.Mark());
      if (!it->first.IsScalar()) {
        throw ConfigError(key_at, path, "a key must be plain text, not a list or map");
      }
      const std::string key = it->first.Scalar();
      const std::string child = path.empty() ? key : path + "." + key;
      if (map.has(key)) {
        throw ConfigError(
            key_at, child,
            "duplicate key (first written at line " + std::to_string(map.key_where(key).line) + ")",
            "remove one of them");
      }
      // An empty value ("key:") is marked by yaml-cpp at the next line; the key is more useful.
      Node value = convert(it->second, child, key_at);
      if (value.is_null() && value.where().line != key_at.line) value.set_where(key_at);
      map.set(key, std::move(value));
      map.set_key_where(key, key_at);
    }
    return map;
  }

  std::string file_;
};

}  // namespace

Node parse_yaml(const std::string& text, const std::string& file) {
  Converter converter(file);
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(text);
  } catch (const YAML::Exception& e) {
    throw ConfigError(converter.at(e.mark), "", "invalid YAML: " + e.msg);
  }
  if (documents.empty()) return Node();
  if (documents.size() > 1) {
    throw ConfigError(SourceLocation{file}, "",
                      "holds " + std::to_string(documents.size()) + " YAML documents, expected one",
                      "remove the '---' separators or split the file");
  }
  try {
    return converter.convert(documents.front(), "", SourceLocation{file});
  } catch (const YAML::Exception& e) {
    throw ConfigError(converter.at(e.mark), "", "invalid YAML: " + e.msg);
  }
}

}  // namespace ves::config
