// Dataset options every reader shares: `where:` filters and `on_error: fail|skip`.
#include <gtest/gtest.h>

#include "ves/config/config_error.hpp"
#include "ves/config/loader.hpp"
#include "ves/core/error.hpp"
#include "ves/engine/dataset.hpp"
#include "ves/plugin/registry.hpp"

namespace {

// Four cases; case "bad" throws a DataError when loaded.
class ListReader : public ves::Reader {
 public:
  std::vector<ves::CaseRef> cases() const override {
    std::vector<ves::CaseRef> out;
    for (const char* id : {"a", "b", "bad", "d"}) {
      ves::CaseRef ref;
      ref.case_id = id;
      ref.subject_id = std::string("s_") + id;
      ref.meta["vertebra"] = id[0] == 'a' ? "L1" : "L2";
      ref.scalars["fracture"] = id[0] == 'b' ? 1.0 : 0.0;
      out.push_back(ref);
    }
    return out;
  }
  ves::Sample load(const ves::CaseRef& ref) const override {
    if (ref.case_id == "bad") throw ves::DataError("bad.nii.gz: the file is truncated");
    ves::Sample s;
    s.case_id = ref.case_id;
    return s;
  }
};

ves::Registry registry() {
  ves::Registry r;
  r.add<ves::Reader>("list", "four cases", ves::config::Schema(),
                     [](const ves::config::Params&, const ves::Context&) {
                       return std::make_unique<ListReader>();
                     });
  return r;
}

std::vector<std::string> ids(const ves::Dataset& d) {
  std::vector<std::string> out;
  for (const auto& c : d.cases()) out.push_back(c.case_id);
  return out;
}

}  // namespace

TEST(Dataset, EveryReaderAcceptsWhereAndOnError) {
  const auto r = registry();
  const auto* info = r.find("reader", "list");
  ASSERT_NE(info, nullptr);
  EXPECT_NE(info->schema.find("where"), nullptr);
  EXPECT_NE(info->schema.find("on_error"), nullptr);
}

TEST(Dataset, KeepsOnlyCasesMatchingEveryWhereRule) {
  const auto r = registry();
  ves::Context context;
  context.registry = &r;
  const auto node =
      ves::config::parse_yaml("type: list\nwhere: {vertebra: [L1, L2], fracture: 0}\n", "d.yaml");
  EXPECT_EQ(ids(ves::Dataset(node, context, "dataset")),
            (std::vector<std::string>{"a", "d"}));  // "b" and "bad" have fracture 1
  const auto level = ves::config::parse_yaml("type: list\nwhere: {vertebra: L1}\n", "d.yaml");
  EXPECT_EQ(ids(ves::Dataset(level, context, "dataset")), (std::vector<std::string>{"a"}));
}

TEST(Dataset, SaysSoWhenNoCaseMatches) {
  const auto r = registry();
  ves::Context context;
  context.registry = &r;
  const auto node = ves::config::parse_yaml("type: list\nwhere: {vertebra: C7}\n", "d.yaml");
  try {
    ves::Dataset(node, context, "dataset");
    FAIL() << "expected a DataError";
  } catch (const ves::DataError& e) {
    EXPECT_STREQ(
        e.what(),
        "dataset: the dataset has no cases matching `where:`; check its paths and filters");
  }
}

TEST(Dataset, StopsOnABadCaseByDefaultAndSkipsItWhenAsked) {
  const auto r = registry();
  ves::Context context;
  context.registry = &r;
  const ves::Dataset fail(ves::config::parse_yaml("type: list\n", "d.yaml"), context, "dataset");
  EXPECT_THROW(fail.load(2), ves::DataError);
  const ves::Dataset skip(ves::config::parse_yaml("type: list\non_error: skip\n", "d.yaml"),
                          context, "dataset");
  std::string why;
  EXPECT_FALSE(skip.load(2, &why).has_value());
  EXPECT_EQ(why, "bad.nii.gz: the file is truncated");
  EXPECT_TRUE(skip.load(0).has_value());
}

TEST(Dataset, RejectsAWhereThatIsNotAMap) {
  const auto r = registry();
  ves::Context context;
  context.registry = &r;
  EXPECT_THROW(ves::Dataset(ves::config::parse_yaml("type: list\nwhere: [a]\n", "d.yaml"), context,
                            "dataset"),
               ves::config::ConfigError);
}
