#pragma once
// Patient-level data splits: a fixed test set, k folds (optionally stratified), or folds read
// from a file. No subject ever lands in two sets or two folds.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "ves/api/reader.hpp"
#include "ves/config/node.hpp"

namespace ves {
namespace config {
class Schema;
}

struct SplitOptions {
  int folds = 5;                           ///< k of k-fold cross-validation (1 = no validation set)
  int fold = 0;                            ///< which fold is the validation set
  bool all_folds = false;                  ///< `fold: all`: training stages train every fold
  double test_fraction = 0.0;              ///< share of subjects held out as a fixed test set
  std::vector<std::string> test_subjects;  ///< explicit test subjects (instead of a fraction)
  std::string test_where;                  ///< metadata column whose value `test` marks test cases
  std::string stratify;        ///< metadata/scalar name to balance across folds ("" = none)
  uint64_t seed = 0;           ///< shuffles subjects before dealing them to folds
  std::filesystem::path file;  ///< CSV with columns subject (or case), fold or set
};

/// The schema of a `split:` section (folds, fold, test_fraction, stratify, seed, file...).
const config::Schema& split_schema();
/// Reads a validated `split:` section; `default_seed` is the run's seed.
SplitOptions split_options_from(const config::Node& node, uint64_t default_seed);

/// Which set and fold each case belongs to.
struct Split {
  enum class Set { Train, Validation, Test };
  std::vector<Set> set;   ///< per case, parallel to the case list
  std::vector<int> fold;  ///< per case: its fold (0..folds-1), -1 for test cases
  std::vector<size_t> indices(Set which) const;
};
const char* set_name(Split::Set set);

/// Splits `cases` by subject. Throws DataError when a fold would be empty or the file disagrees.
Split make_split(const std::vector<CaseRef>& cases, const SplitOptions& options);
/// Writes case, subject, set, fold as CSV (atomically).
void write_split(const std::filesystem::path& path, const std::vector<CaseRef>& cases,
                 const Split& split);

}  // namespace ves
