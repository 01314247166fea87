// Dataset options shared by every reader: case filters and what to do with a bad case.
#include "ves/engine/dataset.hpp"

#include "ves/config/config_error.hpp"
#include "ves/config/params.hpp"
#include "ves/config/schema.hpp"
#include "ves/core/log.hpp"
#include "ves/engine/csv_table.hpp"
#include "ves/plugin/registry.hpp"

namespace ves {

namespace {
bool same_value(const std::string& wanted, const std::string& actual) {
  if (wanted == actual) return true;
  try {  // "1" matches a scalar 1.0; "L1" never parses and compares as text
    size_t used_w = 0, used_a = 0;
    const double w = std::stod(wanted, &used_w), a = std::stod(actual, &used_a);
    return used_w == wanted.size() && used_a == actual.size() && w == a;
  } catch (const std::exception&) {
    return false;
  }
}
}  // namespace

void add_dataset_options(config::Schema& schema) {
  schema
      .any("where",
           "keep only cases whose metadata or scalar values match, e.g. {fracture: 0, "
           "vertebra: [L1, L2]}")
      .choice("on_error", "fail", {"fail", "skip"},
              "a case that cannot be read stops the run (fail) or is skipped with a warning "
              "(skip)");
}

CaseFilter::CaseFilter(const config::Node& where) {
  if (where.is_null()) return;
  if (!where.is_map())
    throw config::ConfigError(
        where.where(), where.path(),
        "expected a map of metadata names to values, got a " + where.kind_name(),
        "write e.g. where: {vertebra: [L1, L2], fracture: 0}");
  for (const auto& key : where.keys()) {
    const config::Node& value = where.at(key);
    std::vector<std::string> allowed;
    if (value.is_scalar()) {
      allowed.push_back(value.text());
    } else if (value.is_sequence()) {
      for (const auto& item : value.items()) {
        if (!item.is_scalar())
          throw config::ConfigError(item.where(), item.path(),
                                    "expected a value, got a " + item.kind_name());
        allowed.push_back(item.text());
      }
    } else {
      throw config::ConfigError(value.where(), value.path(),
                                "expected a value or a list of values, got a map");
    }
    rules_.emplace_back(key, std::move(allowed));
  }
}

bool CaseFilter::matches(const CaseRef& ref) const {
  for (const auto& [key, allowed] : rules_) {
    std::string actual;
    if (auto m = ref.meta.find(key); m != ref.meta.end()) {
      actual = m->second;
    } else if (auto s = ref.scalars.find(key); s != ref.scalars.end()) {
      actual = format_number(s->second);
    } else if (key == "subject") {
      actual = ref.subject_id;
    } else {
      return false;  // a case without the value cannot match it
    }
    bool any = false;
    for (const auto& wanted : allowed) any = any || same_value(wanted, actual);
    if (!any) return false;
  }
  return true;
}

Dataset::Dataset(const config::Node& node, const Context& context, const std::string& owner)
    : reader_(context.create<Reader>(node, owner)) {
  CaseFilter filter;
  if (node.is_map()) {
    if (const auto* where = node.find("where")) filter = CaseFilter(*where);
    if (const auto* on_error = node.find("on_error")) skip_ = on_error->text() == "skip";
  }
  const auto all = reader_->cases();
  for (const auto& ref : all)
    if (filter.matches(ref)) cases_.push_back(ref);
  if (!filter.empty())
    log().info("{}: {} of {} cases match the `where:` filter", owner, cases_.size(), all.size());
  if (!context.validate_only && cases_.empty())
    throw DataError(owner + ": the dataset has no cases" +
                    (filter.empty() ? std::string() : " matching `where:`") +
                    "; check its paths and filters");
}

std::optional<Sample> Dataset::load(size_t i, std::string* why) const {
  const CaseRef& ref = cases_.at(i);
  try {
    return reader_->load(ref);
  } catch (const DataError& e) {
    if (!skip_) throw;
    log().warn("skipping case {}: {}", ref.case_id, e.what());
    if (why) *why = e.what();
    return std::nullopt;
  }
}

}  // namespace ves
