// Command-line overrides "a.b.c=value" and "+a.b=value", as Hydra users write them.
#include "ves/config/config_error.hpp"
#include "ves/config/loader.hpp"

namespace ves::config {

namespace {

const SourceLocation kCommandLine{"<command line>"};

bool is_index(const std::string& segment) {
  return !segment.empty() && segment.size() < 10 &&
         segment.find_first_not_of("0123456789") == std::string::npos;
}

std::string trim(const std::string& s) {
  const size_t begin = s.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  return s.substr(begin, s.find_last_not_of(" \t") - begin + 1);
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

// Values typed on the command line point there, not at a line of a one-line YAML snippet.
void relocate(Node& node) {
  node.set_where(kCommandLine);
  for (auto& item : node.items()) relocate(item);
  for (auto& [key, value] : node.entries()) {
    node.set_key_where(key, kCommandLine);
    relocate(value);
  }
}

Node parse_value(const std::string& text, const std::string& key) {
  if (trim(text).empty()) return Node();  // "a.b=" sets null
  Node value;
  try {
    value = parse_yaml(text, kCommandLine.file);
  } catch (const ConfigError& e) {
    throw ConfigError(kCommandLine, key, "cannot read the value '" + text + "': " + e.problem());
  }
  relocate(value);
  return value;
}

[[noreturn]] void throw_unknown(const Node& parent, const std::string& key,
                                const std::string& segment, const std::string& full_key) {
  std::vector<std::string> siblings = parent.keys();
  const std::string guess = did_you_mean(segment, siblings);
  std::string hint;
  if (!guess.empty()) {
    hint = "did you mean " + guess + "?";
  } else {
    hint = (siblings.empty() ? std::string() : "known keys here: " + join(siblings) + "; ") +
           "write +" + full_key + "=... to add a new key";
  }
  throw ConfigError(kCommandLine, key, "cannot override a key that does not exist", hint);
}

// The list element named by an index or by its "name:" field; nullptr when there is none.
Node* find_element(Node& list, const std::string& segment) {
  if (is_index(segment)) {
    const size_t i = std::stoul(segment);
    return i < list.size() ? &list[i] : nullptr;
  }
  for (auto& item : list.items()) {
    const Node* name = item.find("name");
    if (name && name->is_scalar() && name->text() == segment) return &item;
  }
  return nullptr;
}

}  // namespace

void apply_override(Node& root, const std::string& assignment) {
  const size_t eq = assignment.find('=');
  if (eq == std::string::npos) {
    throw ConfigError(kCommandLine, "", "override '" + assignment + "' must look like key=value",
                      "e.g. train.epochs=300");
  }
  std::string key = trim(assignment.substr(0, eq));
  const bool add = !key.empty() && key[0] == '+';
  if (add) key = trim(key.substr(1));
  const std::vector<std::string> segments = Node::split_path(key);
  for (const auto& segment : segments) {
    if (segment.empty()) {
      throw ConfigError(kCommandLine, key,
                        "override '" + assignment + "' has an empty key or an empty part in it");
    }
  }
  if (segments.empty()) {
    throw ConfigError(kCommandLine, "", "override '" + assignment + "' has an empty key");
  }
  Node value = parse_value(assignment.substr(eq + 1), key);

  Node* current = &root;
  std::string walked;
  for (size_t i = 0; i < segments.size(); ++i) {
    const std::string& segment = segments[i];
    const bool last = i + 1 == segments.size();
    const std::string here = walked.empty() ? segment : walked + "." + segment;
    if (current->is_null() && add) *current = Node::map(kCommandLine);
    if (current->is_map()) {
      Node* child = current->find(segment);
      if (!child && !add) throw_unknown(*current, here, segment, key);
      if (last) {
        current->set(segment, std::move(value));
        if (!child) current->set_key_where(segment, kCommandLine);
        return;
      }
      if (!child) {
        // "+a.b.c=1" creates the maps on the way, as a new key needs somewhere to live.
        current->set(segment, Node::map(kCommandLine));
        current->set_key_where(segment, kCommandLine);
        child = current->find(segment);
      }
      current = child;
      walked = here;
    } else if (current->is_sequence()) {
      if (last && add && is_index(segment) && std::stoul(segment) == current->size()) {
        current->push_back(std::move(value));
        return;
      }
      Node* element = find_element(*current, segment);
      if (!element) {
        const size_t n = current->size();
        throw ConfigError(
            kCommandLine, here,
            "no element '" + segment + "' in " +
                (walked.empty() ? std::string("the list") : walked) + ", a list of " +
                std::to_string(n),
            n == 0 ? "write +" + (walked.empty() ? "" : walked + ".") + "0=... to append to it"
                   : "use an index from 0 to " + std::to_string(n - 1) +
                         " or the name: of an element");
      }
      if (last) {
        *element = std::move(value);
        return;
      }
      current = element;
      walked = here;
    } else {
      throw ConfigError(kCommandLine, here,
                        "cannot set '" + segment + "' inside " +
                            (walked.empty() ? std::string("the root") : walked) + ", which is " +
                            (current->is_null() ? "null" : "a " + current->kind_name()),
                        current->is_null() ? "write +" + key + "=... to create it" : "");
    }
  }
}

}  // namespace ves::config
