// The configuration tree: construction, map and list access, paths, merging.
#include "ves/config/node.hpp"

#include <algorithm>

#include "ves/config/config_error.hpp"

namespace ves::config {

namespace {

bool is_index(const std::string& segment) {
  return !segment.empty() && segment.size() < 10 &&
         std::all_of(segment.begin(), segment.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string join_path(const std::string& base, const std::string& key) {
  return base.empty() ? key : base + "." + key;
}

}  // namespace

Node Node::scalar(std::string text, SourceLocation where, bool quoted) {
  Node n;
  n.kind_ = Kind::Scalar;
  n.text_ = std::move(text);
  n.quoted_ = quoted;
  n.where_ = std::move(where);
  return n;
}

Node Node::sequence(SourceLocation where) {
  Node n;
  n.kind_ = Kind::Sequence;
  n.where_ = std::move(where);
  return n;
}

Node Node::map(SourceLocation where) {
  Node n;
  n.kind_ = Kind::Map;
  n.where_ = std::move(where);
  return n;
}

std::string Node::kind_name() const {
  switch (kind_) {
    case Kind::Null:
      return "null";
    case Kind::Scalar:
      return "scalar";
    case Kind::Sequence:
      return "list";
    case Kind::Map:
      return "map";
  }
  return "null";
}

void Node::set_path(const std::string& path) {
  path_ = path;
  for (size_t i = 0; i < items_.size(); ++i)
    items_[i].set_path(path + "[" + std::to_string(i) + "]");
  for (auto& [key, value] : entries_) value.set_path(join_path(path, key));
}

size_t Node::size() const {
  if (kind_ == Kind::Sequence) return items_.size();
  if (kind_ == Kind::Map) return entries_.size();
  return 0;
}

const Node& Node::operator[](size_t i) const {
  if (kind_ != Kind::Sequence)
    throw ConfigError(where_, path_, "expected a list, got " + kind_name());
  if (i >= items_.size()) {
    throw ConfigError(where_, path_,
                      "index " + std::to_string(i) + " is out of range of a list of " +
                          std::to_string(items_.size()));
  }
  return items_[i];
}

Node& Node::operator[](size_t i) {
  return const_cast<Node&>(static_cast<const Node&>(*this)[i]);
}

void Node::push_back(Node value) {
  // A null node grows into a list, so trees can be built without naming kinds first.
  if (kind_ == Kind::Null) kind_ = Kind::Sequence;
  if (kind_ != Kind::Sequence) {
    throw ConfigError(where_, path_, "cannot append to a " + kind_name() + ", only to a list");
  }
  items_.push_back(std::move(value));
}

bool Node::has(const std::string& key) const {
  return find(key) != nullptr;
}

const Node* Node::find(const std::string& key) const {
  if (kind_ != Kind::Map) return nullptr;
  for (const auto& entry : entries_)
    if (entry.first == key) return &entry.second;
  return nullptr;
}

Node* Node::find(const std::string& key) {
  return const_cast<Node*>(static_cast<const Node*>(this)->find(key));
}

const Node& Node::at(const std::string& key) const {
  if (kind_ != Kind::Map) {
    throw ConfigError(
        where_, join_path(path_, key), "missing key",
        (path_.empty() ? "the root" : path_) + " is a " + kind_name() + ", not a map");
  }
  if (const Node* child = find(key)) return *child;
  const std::string guess = did_you_mean(key, keys());
  throw ConfigError(where_, join_path(path_, key), "missing key",
                    guess.empty() ? "" : "did you mean " + guess + "?");
}

void Node::set(const std::string& key, Node value) {
  if (kind_ == Kind::Null) kind_ = Kind::Map;
  if (kind_ != Kind::Map) {
    throw ConfigError(where_, join_path(path_, key), "cannot set a key in a " + kind_name());
  }
  if (Node* existing = find(key)) {
    *existing = std::move(value);
    return;
  }
  entries_.emplace_back(key, std::move(value));
}

bool Node::erase(const std::string& key) {
  key_wheres_.erase(std::remove_if(key_wheres_.begin(), key_wheres_.end(),
                                   [&](const auto& kw) { return kw.first == key; }),
                    key_wheres_.end());
  const auto it = std::find_if(entries_.begin(), entries_.end(),
                               [&](const auto& entry) { return entry.first == key; });
  if (it == entries_.end()) return false;
  entries_.erase(it);
  return true;
}

std::vector<std::string> Node::keys() const {
  std::vector<std::string> out;
  for (const auto& entry : entries_) out.push_back(entry.first);
  return out;
}

SourceLocation Node::key_where(const std::string& key) const {
  for (const auto& [name, where] : key_wheres_)
    if (name == key) return where;
  if (const Node* value = find(key); value && !value->where().file.empty()) return value->where();
  return where_;
}

void Node::set_key_where(const std::string& key, SourceLocation where) {
  for (auto& [name, existing] : key_wheres_) {
    if (name == key) {
      existing = std::move(where);
      return;
    }
  }
  key_wheres_.emplace_back(key, std::move(where));
}

std::vector<std::string> Node::split_path(const std::string& dotted) {
  std::vector<std::string> out;
  if (dotted.empty()) return out;
  // "b[0]" is written as "b.0" first, so both spellings split the same way.
  std::string normal;
  for (const char c : dotted) {
    if (c == '[') {
      if (!normal.empty()) normal += '.';
    } else if (c != ']') {
      normal += c;
    }
  }
  size_t start = 0;
  while (true) {
    const size_t dot = normal.find('.', start);
    out.push_back(normal.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return out;
}

const Node* Node::find_path(const std::string& dotted) const {
  const Node* current = this;
  for (const auto& segment : split_path(dotted)) {
    const Node* next = nullptr;
    if (current->is_map()) {
      next = current->find(segment);
    } else if (current->is_sequence()) {
      if (is_index(segment)) {
        const size_t i = std::stoul(segment);
        if (i < current->items_.size()) next = &current->items_[i];
      } else {
        // Stages and similar lists are addressed by their elements' "name:" field.
        for (const auto& item : current->items_) {
          const Node* name = item.find("name");
          if (name && name->is_scalar() && name->text() == segment) {
            next = &item;
            break;
          }
        }
      }
    }
    if (!next) return nullptr;
    current = next;
  }
  return current;
}

void Node::merge(const Node& other) {
  if (!is_map() || !other.is_map()) {
    *this = other;
    return;
  }
  for (const auto& [key, value] : other.entries_) {
    Node* mine = find(key);
    if (mine && mine->is_map() && value.is_map()) {
      mine->merge(value);
    } else {
      set(key, value);
    }
    for (const auto& [name, where] : other.key_wheres_)
      if (name == key) set_key_where(key, where);
  }
}

}  // namespace ves::config
