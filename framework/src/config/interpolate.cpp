// ${a.b} and ${env:NAME} interpolation, resolved from the root, references first.
#include <cstdlib>
#include <unordered_set>

#include "ves/config/config_error.hpp"
#include "ves/config/loader.hpp"

namespace ves::config {

namespace {

std::string display(const Node& node) {
  return node.path().empty() ? "<root>" : node.path();
}

// Visits every node once; a referenced node is resolved before it is copied or inserted, and
// meeting a node that is still being resolved means the references form a cycle.
class Interpolator {
 public:
  explicit Interpolator(Node& root) : root_(root) {}

  void visit(Node& node) {
    if (done_.count(&node)) return;
    active_.push_back(&node);
    if (node.is_scalar()) {
      resolve_scalar(node);
    } else {
      for (auto& item : node.items()) visit(item);
      for (auto& entry : node.entries()) visit(entry.second);
    }
    active_.pop_back();
    done_.insert(&node);
  }

 private:
  void resolve_scalar(Node& node) {
    const std::string text = node.text();
    if (text.find("${") == std::string::npos) return;
    const std::string path = node.path();
    // Exactly "${a.b}", unquoted: the value itself, so a number stays a number and a map a map.
    const bool whole = !node.quoted() && text.size() > 3 && text.rfind("${", 0) == 0 &&
                       text.find('}') == text.size() - 1 && text.find("${", 2) == std::string::npos;
    const std::string ref = whole ? text.substr(2, text.size() - 3) : std::string();
    if (whole && !is_env(ref)) {
      node = *resolve(node, ref);  // a deep copy of a resolved node: nothing left to visit
    } else if (whole) {
      node = Node::scalar(env(node, ref), node.where());
    } else {
      node = Node::scalar(substitute(node, text), node.where(), node.quoted());
    }
    node.set_path(path);
  }

  std::string substitute(Node& node, const std::string& text) {
    std::string out;
    size_t pos = 0;
    while (true) {
      const size_t open = text.find("${", pos);
      if (open == std::string::npos) break;
      // "\${" writes a literal "${".
      if (open > 0 && text[open - 1] == '\\') {
        out += text.substr(pos, open - 1 - pos) + "${";
        pos = open + 2;
        continue;
      }
      const size_t close = text.find('}', open);
      if (close == std::string::npos) {
        throw ConfigError(node.where(), node.path(), "unclosed ${ in '" + text + "'",
                          "write ${a.b}, or \\${ for a literal ${");
      }
      const std::string ref = text.substr(open + 2, close - open - 2);
      out += text.substr(pos, open - pos) + inserted_text(node, ref);
      pos = close + 1;
    }
    return out + text.substr(pos);
  }

  std::string inserted_text(Node& node, const std::string& ref) {
    if (is_env(ref)) return env(node, ref);
    const Node* target = resolve(node, ref);
    if (target->is_scalar()) return target->text();
    if (target->is_null()) return "";
    throw ConfigError(node.where(), node.path(),
                      "cannot insert a " + target->kind_name() + " into text: ${" + ref +
                          "} is a " + target->kind_name(),
                      "write the reference alone as the whole value to copy it");
  }

  static bool is_env(const std::string& ref) { return ref.rfind("env:", 0) == 0; }

  std::string env(const Node& node, const std::string& ref) const {
    const std::string name = ref.substr(4);
    const char* value = name.empty() ? nullptr : std::getenv(name.c_str());
    if (!value) {
      throw ConfigError(node.where(), node.path(),
                        "environment variable " + name + " is not set (in ${" + ref + "})",
                        "set it, or override this key on the command line");
    }
    return value;
  }

  // The referenced node, fully resolved; ConfigError at `from` when it does not exist.
  Node* resolve(const Node& from, const std::string& ref) {
    if (ref.empty()) throw ConfigError(from.where(), from.path(), "empty reference ${}");
    // The tree is ours to change: find_path only has a const overload.
    Node* target = const_cast<Node*>(root_.find_path(ref));
    if (!target) throw_unresolved(from, ref);
    for (size_t i = 0; i < active_.size(); ++i) {
      if (active_[i] != target) continue;
      std::string cycle;
      for (size_t j = i; j < active_.size(); ++j) cycle += display(*active_[j]) + " -> ";
      throw ConfigError(from.where(), from.path(),
                        "interpolation cycle " + cycle + display(*target),
                        "a value cannot refer to itself or to a map that contains it");
    }
    visit(*target);
    return target;
  }

  [[noreturn]] void throw_unresolved(const Node& from, const std::string& ref) const {
    const Node* current = &root_;
    std::string walked;
    for (const auto& segment : Node::split_path(ref)) {
      const Node* next = current->find_path(segment);
      if (!next) {
        std::vector<std::string> candidates = current->keys();
        if (current->is_sequence())
          for (const auto& item : current->items())
            if (const Node* name = item.find("name"); name && name->is_scalar())
              candidates.push_back(name->text());
        const std::string guess = did_you_mean(segment, candidates);
        std::string problem = "cannot resolve ${" + ref + "}: ";
        if (current->is_map() || current->is_sequence()) {
          problem += (walked.empty() ? std::string("there is no top-level key '")
                                     : walked + " has no key '") +
                     segment + "'";
        } else {
          problem += walked + " is " + (current->is_null() ? "null" : "a " + current->kind_name()) +
                     ", it has no key '" + segment + "'";
        }
        throw ConfigError(from.where(), from.path(), problem,
                          guess.empty() ? "" : "did you mean " + guess + "?");
      }
      walked += (walked.empty() ? "" : ".") + segment;
      current = next;
    }
    throw ConfigError(from.where(), from.path(), "cannot resolve ${" + ref + "}");
  }

  Node& root_;
  std::vector<const Node*> active_;
  std::unordered_set<const Node*> done_;
};

}  // namespace

void interpolate(Node& root) {
  root.set_path("");  // paths name the scalars in messages
  Interpolator(root).visit(root);
  root.set_path("");
}

}  // namespace ves::config
