#pragma once
// A configuration tree: YAML-like values that remember where they were written.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ves/config/source_location.hpp"

namespace ves::config {

/// Null, scalar (kept as text, typed on access), sequence, or ordered map.
class Node {
 public:
  enum class Kind { Null, Scalar, Sequence, Map };

  Node() = default;
  static Node scalar(std::string text, SourceLocation where = {}, bool quoted = false);
  static Node sequence(SourceLocation where = {});
  static Node map(SourceLocation where = {});

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::Null; }
  bool is_scalar() const { return kind_ == Kind::Scalar; }
  bool is_sequence() const { return kind_ == Kind::Sequence; }
  bool is_map() const { return kind_ == Kind::Map; }
  /// "null", "scalar", "list" or "map", for messages.
  std::string kind_name() const;

  const SourceLocation& where() const { return where_; }
  void set_where(SourceLocation where) { where_ = std::move(where); }
  /// Dotted path from the root ("train.epochs", "stages[1]"), set by the loader for messages.
  const std::string& path() const { return path_; }
  void set_path(const std::string& path);  // also sets children's paths

  // Scalars. The typed accessors throw ConfigError naming path and location.
  const std::string& text() const;
  bool quoted() const { return quoted_; }  ///< written in quotes: never a number/bool
  bool as_bool() const;
  int64_t as_int() const;
  double as_double() const;
  /// True when the scalar parses as the type (used by schema checks).
  bool is_bool() const;
  bool is_int() const;
  bool is_double() const;

  // Sequences.
  size_t size() const;  ///< elements of a sequence or entries of a map
  const Node& operator[](size_t i) const;
  Node& operator[](size_t i);
  void push_back(Node value);
  const std::vector<Node>& items() const { return items_; }
  std::vector<Node>& items() { return items_; }

  // Maps (insertion-ordered).
  bool has(const std::string& key) const;
  const Node* find(const std::string& key) const;
  Node* find(const std::string& key);
  /// The child; throws ConfigError "missing key" at this node's location when absent.
  const Node& at(const std::string& key) const;
  /// Inserts or replaces, keeping the position of an existing key.
  void set(const std::string& key, Node value);
  bool erase(const std::string& key);
  std::vector<std::string> keys() const;
  /// Location of the key itself (not its value) in a map; when unrecorded, the value's location,
  /// else the map's.
  SourceLocation key_where(const std::string& key) const;
  /// Records where `key` was written (the parser and merge keep these).
  void set_key_where(const std::string& key, SourceLocation where);
  const std::vector<std::pair<std::string, Node>>& entries() const { return entries_; }
  std::vector<std::pair<std::string, Node>>& entries() { return entries_; }

  /// Child at a dotted path ("a.b.0.c"; list elements by index or by their "name" field).
  const Node* find_path(const std::string& dotted) const;
  /// Segments of a dotted path: "a.b[0].c" and "a.b.0.c" both give {"a", "b", "0", "c"}.
  static std::vector<std::string> split_path(const std::string& dotted);

  /// Deep merge: maps merge key by key, `other` wins; anything else is replaced.
  void merge(const Node& other);
  /// YAML text of this tree (block style, keys in order).
  std::string to_yaml() const;
  /// YAML text on one line ("[1, 2]", "{a: 1}", "\"3\""), for docs and messages.
  std::string to_flow_yaml() const;

 private:
  Kind kind_ = Kind::Null;
  std::string text_;
  bool quoted_ = false;
  std::vector<Node> items_;
  std::vector<std::pair<std::string, Node>> entries_;
  // Key positions live beside entries_ (looked up by name) so entries() stays a plain vector.
  std::vector<std::pair<std::string, SourceLocation>> key_wheres_;
  SourceLocation where_;
  std::string path_;
};

}  // namespace ves::config
