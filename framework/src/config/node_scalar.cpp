// Typing of scalar text: the tree keeps what was written, and types are decided on access.
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

#include "ves/config/config_error.hpp"
#include "ves/config/node.hpp"

namespace ves::config {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::optional<bool> parse_bool(const std::string& text) {
  const std::string t = lower(text);
  if (t == "true" || t == "yes" || t == "on") return true;
  if (t == "false" || t == "no" || t == "off") return false;
  return std::nullopt;
}

// A leading '+' is valid YAML but not accepted by from_chars; a second sign is not valid at all.
bool split_sign(const std::string& text, bool& negative, const char*& begin) {
  begin = text.data();
  negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    ++begin;
  }
  const char* end = text.data() + text.size();
  return begin != end && *begin != '+' && *begin != '-';
}

std::optional<int64_t> parse_int(const std::string& text) {
  bool negative = false;
  const char* begin = nullptr;
  if (!split_sign(text, negative, begin)) return std::nullopt;
  const char* end = text.data() + text.size();
  uint64_t magnitude = 0;
  const auto [ptr, ec] = std::from_chars(begin, end, magnitude);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  constexpr uint64_t max = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  if (negative) {
    if (magnitude > max + 1) return std::nullopt;
    return magnitude == max + 1 ? std::numeric_limits<int64_t>::min()
                                : -static_cast<int64_t>(magnitude);
  }
  if (magnitude > max) return std::nullopt;
  return static_cast<int64_t>(magnitude);
}

std::optional<double> parse_double(const std::string& text) {
  bool negative = false;
  const char* begin = nullptr;
  if (!split_sign(text, negative, begin)) return std::nullopt;
  const char* end = text.data() + text.size();
  const std::string rest = lower(std::string(begin, end));
  double value = 0;
  // YAML spells them .inf and .nan; people also write inf and nan.
  if (rest == "inf" || rest == ".inf" || rest == "infinity") {
    value = std::numeric_limits<double>::infinity();
  } else if (rest == "nan" || rest == ".nan") {
    value = std::numeric_limits<double>::quiet_NaN();
  } else {
    if (!std::isdigit(static_cast<unsigned char>(rest[0])) && rest[0] != '.') return std::nullopt;
    const auto [ptr, ec] = std::from_chars(begin, end, value, std::chars_format::general);
    if (ptr != end || ec != std::errc()) return std::nullopt;  // out of range too
  }
  return negative ? -value : value;
}

}  // namespace

const std::string& Node::text() const {
  if (kind_ != Kind::Scalar) {
    throw ConfigError(
        where_, path_,
        std::string("expected a scalar, got ") + (is_null() ? "null" : "a " + kind_name()));
  }
  return text_;
}

bool Node::is_bool() const {
  return is_scalar() && !quoted_ && parse_bool(text_).has_value();
}
bool Node::is_int() const {
  return is_scalar() && !quoted_ && parse_int(text_).has_value();
}
bool Node::is_double() const {
  return is_scalar() && !quoted_ && parse_double(text_).has_value();
}

namespace {
// "expected int, got 'abc'": shows what was written, and whether quotes made it a string.
[[noreturn]] void throw_type_error(const Node& node, const std::string& expected) {
  std::string got;
  if (node.is_scalar()) {
    got = (node.quoted() ? "the string '" : "'") + node.text() + "'";
  } else {
    got = node.is_null() ? "null" : "a " + node.kind_name();
  }
  throw ConfigError(node.where(), node.path(), "expected " + expected + ", got " + got);
}
}  // namespace

bool Node::as_bool() const {
  if (!is_bool()) throw_type_error(*this, "bool");
  return *parse_bool(text_);
}

int64_t Node::as_int() const {
  if (!is_int()) throw_type_error(*this, "int");
  return *parse_int(text_);
}

double Node::as_double() const {
  if (!is_double()) throw_type_error(*this, "float");
  return *parse_double(text_);
}

}  // namespace ves::config
