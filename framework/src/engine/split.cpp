// Patient-level splits: subjects are shuffled by seed, optionally grouped by a stratification
// value, and dealt round-robin into the test set and the folds.
#include "ves/engine/split.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

#include "ves/config/config_error.hpp"
#include "ves/config/params.hpp"
#include "ves/config/schema.hpp"
#include "ves/core/error.hpp"
#include "ves/core/rng.hpp"
#include "ves/engine/csv_table.hpp"

namespace ves {

namespace {

std::string subject_of(const CaseRef& ref) {
  return ref.subject_id.empty() ? ref.case_id : ref.subject_id;
}

std::string value_of(const CaseRef& ref, const std::string& name) {
  if (auto m = ref.meta.find(name); m != ref.meta.end()) return m->second;
  if (auto s = ref.scalars.find(name); s != ref.scalars.end()) return format_number(s->second);
  return {};
}

// A subject's stratum: the largest numeric value over its cases (a patient with any positive
// case is positive), else the first text value.
std::string stratum_of(const std::vector<const CaseRef*>& refs, const std::string& name) {
  if (name.empty()) return {};
  bool numeric = true;
  double best = 0;
  bool seen = false;
  std::string first;
  for (const CaseRef* ref : refs) {
    const std::string v = value_of(*ref, name);
    if (v.empty()) continue;
    if (first.empty()) first = v;
    try {
      size_t used = 0;
      const double d = std::stod(v, &used);
      if (used != v.size()) numeric = false;
      best = seen ? std::max(best, d) : d;
      seen = true;
    } catch (const std::exception&) {
      numeric = false;
    }
  }
  if (first.empty())
    throw DataError("split: subject '" + subject_of(*refs.front()) + "' has no value for '" + name +
                    "' to stratify on; name a metadata column every case has");
  return numeric ? format_number(best) : first;
}

Split split_from_file(const std::vector<CaseRef>& cases, const SplitOptions& o) {
  const CsvTable table = read_csv(o.file);
  const std::string key = table.has_column("subject") ? "subject" : "case";
  if (!table.has_column(key) || (!table.has_column("fold") && !table.has_column("set")))
    throw DataError(o.file.string() +
                    ": a split file needs a 'subject' (or 'case') column and a 'fold' or "
                    "'set' column");
  std::map<std::string, std::pair<std::string, int>> by_key;  // key -> (set, fold)
  for (size_t r = 0; r < table.rows(); ++r) {
    int fold = -1;
    if (table.has_column("fold") && !table.get(r, "fold").empty()) {
      try {
        fold = std::stoi(table.get(r, "fold"));
      } catch (const std::exception&) {
        throw DataError(o.file.string() + ": row " + std::to_string(r + 2) + ": fold '" +
                        table.get(r, "fold") + "' is not a number");
      }
    }
    by_key[table.get(r, key)] = {table.has_column("set") ? table.get(r, "set") : "", fold};
  }
  Split split;
  for (const CaseRef& ref : cases) {
    const std::string k = key == "subject" ? subject_of(ref) : ref.case_id;
    const auto it = by_key.find(k);
    if (it == by_key.end())
      throw DataError(o.file.string() + ": " + key + " '" + k +
                      "' of the dataset is not in the split file");
    const auto& [set, fold] = it->second;
    if (set == "test") {
      split.set.push_back(Split::Set::Test);
      split.fold.push_back(-1);
    } else {
      if (fold < 0 && set != "train" && set != "validation" && set != "val")
        throw DataError(o.file.string() + ": " + key + " '" + k +
                        "' has neither a fold nor a set (train, validation, test)");
      const bool val = fold >= 0 ? fold == o.fold : (set == "validation" || set == "val");
      split.set.push_back(val ? Split::Set::Validation : Split::Set::Train);
      split.fold.push_back(fold);
    }
  }
  return split;
}

}  // namespace

const config::Schema& split_schema() {
  static const config::Schema schema = [] {
    config::Schema s;
    s.integer("folds", 5, "number of cross-validation folds (1 = train on all, no validation)", 1,
              100)
        .text("fold", std::string("0"),
              "the fold used for validation (0 .. folds-1); 'all' = a training stage trains "
              "every fold in turn")
        .real("test_fraction", 0.0, "share of subjects held out as a fixed test set", 0.0, 0.9)
        .texts("test_subjects", std::vector<std::string>{},
               "subjects held out as the test set (instead of test_fraction)")
        .text("test_column", std::string(),
              "metadata column whose value 'test' marks test cases (instead of test_fraction)")
        .text("stratify", std::string(),
              "metadata or scalar balanced across test set and folds (a subject takes its "
              "largest value, e.g. positive when any case is)")
        .integer("seed", -1, "shuffles subjects; -1 = the run's seed", -1)
        .path("file", std::string(),
              "CSV with a 'subject' (or 'case') column and a 'fold' and/or 'set' "
              "(train/validation/test) column; overrides everything above but `fold`");
    return s;
  }();
  return schema;
}

SplitOptions split_options_from(const config::Node& node, uint64_t default_seed) {
  const config::Params p = config::Params::validate(node, split_schema(), "split");
  SplitOptions o;
  o.folds = static_cast<int>(p.get_int("folds"));
  const std::string fold = p.get_string("fold");
  if (fold == "all") {
    o.all_folds = true;
    o.fold = 0;
  } else {
    char* end = nullptr;
    const long value = std::strtol(fold.c_str(), &end, 10);
    if (fold.empty() || *end != '\0' || value < 0)
      throw p.error("fold", "'" + fold + "' is not a fold number or 'all'",
                    "write a fold from 0 to folds-1, or all");
    o.fold = static_cast<int>(value);
  }
  o.test_fraction = p.get_double("test_fraction");
  o.test_subjects = p.get_strings("test_subjects");
  o.test_where = p.get_string("test_column");
  o.stratify = p.get_string("stratify");
  o.seed = p.get_int("seed") >= 0 ? static_cast<uint64_t>(p.get_int("seed")) : default_seed;
  o.file = p.get_string("file");
  if (o.fold >= o.folds)
    throw config::ConfigError(node.where(), "split.fold",
                              "fold " + std::to_string(o.fold) + " does not exist with " +
                                  std::to_string(o.folds) + " folds",
                              "use a fold from 0 to " + std::to_string(o.folds - 1));
  return o;
}

std::vector<size_t> Split::indices(Set which) const {
  std::vector<size_t> out;
  for (size_t i = 0; i < set.size(); ++i)
    if (set[i] == which) out.push_back(i);
  return out;
}

const char* set_name(Split::Set set) {
  switch (set) {
    case Split::Set::Train:
      return "train";
    case Split::Set::Validation:
      return "validation";
    case Split::Set::Test:
      return "test";
  }
  return "?";
}

Split make_split(const std::vector<CaseRef>& cases, const SplitOptions& o) {
  if (!o.file.empty()) return split_from_file(cases, o);
  std::map<std::string, std::vector<const CaseRef*>> subjects;
  for (const CaseRef& ref : cases) subjects[subject_of(ref)].push_back(&ref);

  // Test subjects: named, marked by a column, or a stratified random fraction.
  std::set<std::string> test(o.test_subjects.begin(), o.test_subjects.end());
  for (const auto& name : o.test_subjects)
    if (!subjects.count(name))
      throw DataError("split.test_subjects: subject '" + name + "' is not in the dataset");
  if (!o.test_where.empty())
    for (const CaseRef& ref : cases)
      if (value_of(ref, o.test_where) == "test") test.insert(subject_of(ref));

  // Shuffle subjects by seed, then group by stratum (strata in sorted order).
  std::vector<std::string> order;
  for (const auto& [name, refs] : subjects) order.push_back(name);
  Rng rng(o.seed);
  for (size_t i = order.size(); i > 1; --i)
    std::swap(order[i - 1],
              order[static_cast<size_t>(rng.integer(0, static_cast<int64_t>(i) - 1))]);
  std::map<std::string, std::vector<std::string>> strata;
  for (const auto& name : order) strata[stratum_of(subjects[name], o.stratify)].push_back(name);

  if (o.test_fraction > 0 && o.test_subjects.empty() && o.test_where.empty()) {
    for (auto& [stratum, names] : strata) {
      const auto n = static_cast<size_t>(o.test_fraction * static_cast<double>(names.size()) + 0.5);
      for (size_t i = 0; i < n; ++i) test.insert(names[i]);
    }
  }
  // Deal the remaining subjects round-robin into folds, continuing across strata so folds
  // stay equal in size.
  std::map<std::string, int> fold_of;
  size_t next = 0;
  for (const auto& [stratum, names] : strata)
    for (const auto& name : names)
      if (!test.count(name))
        fold_of[name] = static_cast<int>(next++ % static_cast<size_t>(o.folds));
  if (o.folds > 1 && next < static_cast<size_t>(o.folds))
    throw DataError("split: " + std::to_string(next) +
                    " subjects outside the test set cannot fill " + std::to_string(o.folds) +
                    " folds; use fewer folds");

  Split split;
  for (const CaseRef& ref : cases) {
    const std::string name = subject_of(ref);
    if (test.count(name)) {
      split.set.push_back(Split::Set::Test);
      split.fold.push_back(-1);
    } else {
      const int fold = fold_of.at(name);
      const bool val = o.folds > 1 && fold == o.fold;
      split.set.push_back(val ? Split::Set::Validation : Split::Set::Train);
      split.fold.push_back(fold);
    }
  }
  return split;
}

void write_split(const std::filesystem::path& path, const std::vector<CaseRef>& cases,
                 const Split& split) {
  CsvTable table;
  for (size_t i = 0; i < cases.size(); ++i) {
    table.add_row();
    table.set("case", cases[i].case_id);
    table.set("subject", subject_of(cases[i]));
    table.set("set", set_name(split.set[i]));
    table.set("fold", split.fold[i] < 0 ? std::string() : std::to_string(split.fold[i]));
  }
  table.write(path);
}

}  // namespace ves
