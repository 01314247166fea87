// Patient-level splits: no subject in two folds, stratification, fixed test sets, split files.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <set>

#include "ves/config/config_error.hpp"
#include "ves/config/loader.hpp"
#include "ves/core/error.hpp"
#include "ves/engine/split.hpp"

namespace fs = std::filesystem;
using ves::Split;

namespace {

// `subjects` patients with `per_subject` cases each; every third patient is positive.
std::vector<ves::CaseRef> cases(int subjects, int per_subject) {
  std::vector<ves::CaseRef> out;
  for (int s = 0; s < subjects; ++s)
    for (int c = 0; c < per_subject; ++c) {
      ves::CaseRef ref;
      ref.subject_id = "p" + std::to_string(s);
      ref.case_id = ref.subject_id + "_v" + std::to_string(c);
      ref.scalars["fracture"] = (s % 3 == 0 && c == 0) ? 1.0 : 0.0;
      ref.meta["level"] = "L" + std::to_string(c + 1);
      out.push_back(ref);
    }
  return out;
}

ves::SplitOptions options(const std::string& yaml) {
  return ves::split_options_from(ves::config::parse_yaml(yaml, "split.yaml"), 7);
}

}  // namespace

TEST(Split, NeverPutsOneSubjectInTwoFoldsOrSets) {
  const auto refs = cases(38, 3);
  const Split split = ves::make_split(refs, options("folds: 5\ntest_fraction: 0.2\n"));
  std::map<std::string, std::set<std::pair<int, int>>> where;
  for (size_t i = 0; i < refs.size(); ++i)
    where[refs[i].subject_id].insert({static_cast<int>(split.set[i]), split.fold[i]});
  for (const auto& [subject, places] : where) EXPECT_EQ(places.size(), 1u) << subject;
}

TEST(Split, HoldsOutTheRequestedShareOfSubjectsAndDealsTheRestIntoEqualFolds) {
  const auto refs = cases(38, 2);  // like recipe A: 38 patients, ~8 held out
  const Split split = ves::make_split(refs, options("folds: 5\ntest_fraction: 0.2\n"));
  EXPECT_EQ(split.indices(Split::Set::Test).size(), 2u * 8);  // round(0.2 * 38) = 8 subjects
  std::map<int, std::set<std::string>> fold_subjects;
  for (size_t i = 0; i < refs.size(); ++i)
    if (split.fold[i] >= 0) fold_subjects[split.fold[i]].insert(refs[i].subject_id);
  ASSERT_EQ(fold_subjects.size(), 5u);
  for (const auto& [fold, subjects] : fold_subjects) EXPECT_EQ(subjects.size(), 6u) << fold;
  // Fold 0 is the validation set by default.
  for (size_t i = 0; i < refs.size(); ++i)
    if (split.fold[i] >= 0) {
      EXPECT_EQ(split.set[i] == Split::Set::Validation, split.fold[i] == 0);
    }
}

TEST(Split, BalancesPositiveSubjectsAcrossFoldsWhenStratified) {
  const auto refs = cases(30, 2);  // subjects 0,3,...,27 positive: 10 of 30
  const Split split = ves::make_split(refs, options("folds: 5\nstratify: fracture\n"));
  std::map<int, std::set<std::string>> positives;
  for (size_t i = 0; i < refs.size(); ++i)
    if (refs[i].scalars.at("fracture") > 0) positives[split.fold[i]].insert(refs[i].subject_id);
  for (int f = 0; f < 5; ++f) EXPECT_EQ(positives[f].size(), 2u) << "fold " << f;
}

TEST(Split, IsReproducibleForASeedAndChangesWithIt) {
  const auto refs = cases(20, 1);
  const Split a = ves::make_split(refs, options("seed: 3\n"));
  const Split b = ves::make_split(refs, options("seed: 3\n"));
  const Split c = ves::make_split(refs, options("seed: 4\n"));
  EXPECT_EQ(a.fold, b.fold);
  EXPECT_NE(a.fold, c.fold);
}

TEST(Split, HoldsOutNamedTestSubjects) {
  const auto refs = cases(10, 2);
  const Split split = ves::make_split(refs, options("test_subjects: [p1, p4]\nfolds: 2\n"));
  for (size_t i = 0; i < refs.size(); ++i)
    EXPECT_EQ(split.set[i] == Split::Set::Test,
              refs[i].subject_id == "p1" || refs[i].subject_id == "p4");
  EXPECT_THROW(ves::make_split(refs, options("test_subjects: [p99]\n")), ves::DataError);
}

TEST(Split, ReadsFoldsFromAFileAndNamesAMissingSubject) {
  const fs::path file =
      fs::temp_directory_path() / ("ves_folds_" + std::to_string(::getpid()) + ".csv");
  std::ofstream(file) << "subject,fold,set\np0,0,\np1,1,\np2,,test\n";
  const auto refs = cases(3, 1);
  const Split split = ves::make_split(refs, options("file: " + file.string() + "\nfold: 1\n"));
  EXPECT_EQ(split.set,
            (std::vector<Split::Set>{Split::Set::Train, Split::Set::Validation, Split::Set::Test}));
  EXPECT_EQ(split.fold, (std::vector<int>{0, 1, -1}));
  std::ofstream(file) << "subject,fold\np0,0\n";
  try {
    ves::make_split(refs, options("file: " + file.string() + "\n"));
    FAIL() << "expected a DataError";
  } catch (const ves::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("subject 'p1' of the dataset is not in the split file"),
              std::string::npos)
        << e.what();
  }
  fs::remove(file);
}

TEST(Split, RefusesMoreFoldsThanSubjectsAndAFoldThatDoesNotExist) {
  EXPECT_THROW(ves::make_split(cases(3, 2), options("folds: 5\n")), ves::DataError);
  EXPECT_THROW(options("folds: 5\nfold: 5\n"), ves::config::ConfigError);
}

TEST(Split, WritesCaseSubjectSetAndFold) {
  const auto refs = cases(2, 1);
  const Split split = ves::make_split(refs, options("folds: 2\n"));
  const fs::path file =
      fs::temp_directory_path() / ("ves_split_" + std::to_string(::getpid()) + ".csv");
  ves::write_split(file, refs, split);
  std::ifstream in(file);
  std::string header;
  std::getline(in, header);
  EXPECT_EQ(header, "case,subject,set,fold");
  fs::remove(file);
}
