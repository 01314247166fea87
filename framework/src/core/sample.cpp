// Sample accessors with errors that name the case.
#include "ves/core/sample.hpp"

#include "ves/core/error.hpp"

namespace ves {
namespace {

std::string names_of(const std::map<std::string, Volume>& volumes) {
  if (volumes.empty()) return "none";
  std::string names;
  for (const auto& entry : volumes) names += (names.empty() ? "" : ", ") + entry.first;
  return names;
}

template <class Self>
auto& find_volume(Self& sample, const std::string& name) {
  auto it = sample.volumes.find(name);
  if (it == sample.volumes.end()) {
    throw DataError("case " + sample.case_id + ": no volume '" + name +
                    "' (has: " + names_of(sample.volumes) + ")");
  }
  return it->second;
}

}  // namespace

Volume& Sample::volume(const std::string& name) {
  return find_volume(*this, name);
}

const Volume& Sample::volume(const std::string& name) const {
  return find_volume(*this, name);
}

std::string Sample::meta_or(const std::string& key, const std::string& fallback) const {
  auto it = meta.find(key);
  return it == meta.end() ? fallback : it->second;
}

}  // namespace ves
