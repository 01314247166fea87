// ConfigError's message and the "did you mean" suggestion used by every config check.
#include "ves/config/config_error.hpp"

#include <algorithm>
#include <cctype>

namespace ves::config {

namespace {

std::string compose(const SourceLocation& where, const std::string& key, const std::string& problem,
                    const std::string& hint) {
  std::string out = where.str();
  if (!out.empty()) out += ": ";
  if (!key.empty()) out += key + ": ";
  out += problem;
  if (!hint.empty()) out += "; " + hint;
  return out;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Optimal string alignment distance: Levenshtein plus adjacent transpositions, the most common
// typing slip ("lerning" vs "learning" is one deletion, "lraning" one swap).
size_t edit_distance(const std::string& a, const std::string& b) {
  const size_t n = a.size(), m = b.size();
  std::vector<std::vector<size_t>> d(n + 1, std::vector<size_t>(m + 1));
  for (size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[n][m];
}

}  // namespace

ConfigError::ConfigError(SourceLocation where, std::string key, std::string problem,
                         std::string hint)
    : ves::Error(compose(where, key, problem, hint)),
      where_(std::move(where)),
      key_(std::move(key)),
      problem_(std::move(problem)),
      hint_(std::move(hint)) {}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  const std::string w = lower(word);
  const size_t limit = std::max<size_t>(2, w.size() / 3);
  std::string best;
  size_t best_distance = limit + 1;
  for (const auto& candidate : candidates) {
    const std::string c = lower(candidate);
    const size_t distance = edit_distance(w, c);
    // Rewriting every character of a short word is no suggestion ("lr" vs "bs").
    if (distance >= std::max(w.size(), c.size())) continue;
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

}  // namespace ves::config
