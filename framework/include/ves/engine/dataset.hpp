#pragma once
// A dataset as the engine sees it: a Reader plus the options every reader shares
// (`where:` filters on metadata, `on_error: fail|skip`).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ves/api/reader.hpp"
#include "ves/config/node.hpp"

namespace ves {
namespace config {
class Schema;
}

/// Adds `where` and `on_error` to a reader's schema (the registry does this for every reader).
void add_dataset_options(config::Schema& schema);

/// `where: {fracture: 0, vertebra: [L1, L2]}`: a case is kept when, for every key, its metadata
/// or scalar value equals one of the listed values (numbers compare numerically).
class CaseFilter {
 public:
  CaseFilter() = default;
  /// Parses a `where:` map; throws ConfigError at the offending entry.
  explicit CaseFilter(const config::Node& where);
  bool matches(const CaseRef& ref) const;
  bool empty() const { return rules_.empty(); }

 private:
  std::vector<std::pair<std::string, std::vector<std::string>>> rules_;
};

class Dataset {
 public:
  /// Builds the reader from `node` (a map with `type:`), applies `where:` and keeps `on_error:`.
  Dataset(const config::Node& node, const Context& context, const std::string& owner);
  /// The kept cases, in the reader's order.
  const std::vector<CaseRef>& cases() const { return cases_; }
  const Reader& reader() const { return *reader_; }
  bool skip_bad_cases() const { return skip_; }
  /// Reads case `i`. With `on_error: skip` a DataError is logged as a warning and gives nullopt;
  /// with `fail` it propagates; `why` (if given) receives the skipped case's message.
  /// Thread-safe.
  std::optional<Sample> load(size_t i, std::string* why = nullptr) const;

 private:
  std::unique_ptr<Reader> reader_;
  std::vector<CaseRef> cases_;
  bool skip_ = false;
};

}  // namespace ves
