// Loading pipeline files: reading, include: composition, and the whole load chain.
#include "ves/config/loader.hpp"

#include <fstream>
#include <sstream>

#include "ves/config/config_error.hpp"

namespace fs = std::filesystem;

namespace ves::config {

namespace {

std::optional<std::string> read_text(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

fs::path absolute_of(const fs::path& path) {
  std::error_code ec;
  fs::path abs = fs::weakly_canonical(fs::absolute(path), ec);
  return ec ? fs::absolute(path).lexically_normal() : abs;
}

// Resolves include: depth first, keeping the chain of files being loaded to report cycles.
class IncludeResolver {
 public:
  explicit IncludeResolver(fs::path top_dir) : top_dir_(std::move(top_dir)) {}

  Node load(const fs::path& path, const fs::path& abs, const std::string& text) {
    Node root = parse_yaml(text, path.string());
    const Node* include = root.is_map() ? root.find("include") : nullptr;
    if (!include) return root;

    chain_.push_back(abs);
    Node merged = Node::map(root.where());
    for (const Node* item : include_items(*include)) {
      const Node included = load_included(path, *item);
      if (included.is_map()) merged.merge(included);  // an empty file adds nothing
    }
    root.erase("include");
    merged.merge(root);  // the including file wins over what it includes
    chain_.pop_back();
    return merged;
  }

 private:
  std::vector<const Node*> include_items(const Node& include) const {
    std::vector<const Node*> items;
    if (include.is_scalar()) items.push_back(&include);
    if (include.is_sequence())
      for (const auto& item : include.items()) items.push_back(&item);
    if (items.empty() && !include.is_sequence()) {
      throw ConfigError(include.where(), "include",
                        "expected a file name or a list of file names, got " +
                            std::string(include.is_null() ? "null" : "a " + include.kind_name()));
    }
    for (const Node* item : items) {
      if (!item->is_scalar()) {
        throw ConfigError(item->where(), "include",
                          "expected a file name, got a " + item->kind_name());
      }
    }
    return items;
  }

  Node load_included(const fs::path& from, const Node& item) {
    const fs::path written(item.text());
    const fs::path path =
        written.is_absolute() ? written : (from.parent_path() / written).lexically_normal();
    const fs::path abs = absolute_of(path);
    for (size_t i = 0; i < chain_.size(); ++i) {
      if (chain_[i] != abs) continue;
      std::string cycle;
      for (size_t j = i; j < chain_.size(); ++j) cycle += display(chain_[j]) + " -> ";
      throw ConfigError(item.where(), "include", "cycle " + cycle + display(abs));
    }
    const auto text = read_text(abs);
    if (!text) {
      throw ConfigError(item.where(), "include",
                        "cannot read '" + item.text() + "' (resolved to " + abs.string() + ")");
    }
    Node included = load(path, abs, *text);
    if (!included.is_map() && !included.is_null()) {
      throw ConfigError(
          included.where(), "include",
          "'" + item.text() + "' must hold a map of keys, not a " + included.kind_name());
    }
    return included;
  }

  // Files are named relative to the top file's folder: short, and unambiguous.
  std::string display(const fs::path& abs) const {
    const fs::path rel = abs.lexically_relative(top_dir_);
    return rel.empty() ? abs.string() : rel.generic_string();
  }

  fs::path top_dir_;
  std::vector<fs::path> chain_;
};

}  // namespace

Node load_file(const fs::path& path) {
  const fs::path abs = absolute_of(path);
  const auto text = read_text(abs);
  if (!text) {
    std::error_code ec;
    const std::string problem = !fs::exists(abs, ec)        ? "no such file"
                                : fs::is_directory(abs, ec) ? "is a folder, not a file"
                                                            : "cannot read the file";
    throw ConfigError(SourceLocation{path.string()}, "", problem);
  }
  return IncludeResolver(abs.parent_path()).load(path, abs, *text);
}

Node load_pipeline(const fs::path& path, const std::vector<std::string>& overrides) {
  Node root = load_file(path);
  for (const auto& assignment : overrides) apply_override(root, assignment);
  interpolate(root);
  root.set_path("");
  return root;
}

}  // namespace ves::config
