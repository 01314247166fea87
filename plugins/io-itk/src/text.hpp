#pragma once
// Small text helpers shared by io-itk's header and table parsers.
#include <algorithm>
#include <cctype>
#include <string>

namespace ves::io_itk {

/// `text` without leading and trailing white space.
inline std::string trim(const std::string& text) {
  size_t begin = 0, end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  return text.substr(begin, end - begin);
}

/// `text` in lower case (ASCII).
inline std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace ves::io_itk
