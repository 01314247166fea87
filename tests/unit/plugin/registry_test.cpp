// The registry: lookup, duplicate refusal, building components from YAML with clear errors.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include "ves/api/transform.hpp"
#include "ves/api/writer.hpp"
#include "ves/config/config_error.hpp"
#include "ves/config/loader.hpp"
#include "ves/plugin/registry.hpp"

namespace {

class Shift : public ves::Transform {
 public:
  explicit Shift(double by) : by_(by) {}
  void apply(ves::Sample& s, ves::Rng&, size_t) const override {
    for (auto& [n, v] : s.volumes) v.data = v.data + by_;
  }
  double by_;
};

class Holder : public ves::Transform {
 public:
  void apply(ves::Sample&, ves::Rng&, size_t) const override {}
};

ves::Registry make_registry() {
  ves::Registry r;
  r.add<ves::Transform>("shift", "adds a constant", ves::config::Schema().real("by", 1.0, "amount"),
                        [](const ves::config::Params& p, const ves::Context&) {
                          return std::make_unique<Shift>(p.get_double("by"));
                        });
  r.add<ves::Transform>(
      "scale", "multiplies", ves::config::Schema(),
      [](const ves::config::Params&, const ves::Context&) { return std::make_unique<Holder>(); });
  r.add<ves::Transform>(
      "holder", "holds a nested transform",
      ves::config::Schema().component("inner", "transform", "the nested one"),
      [](const ves::config::Params&, const ves::Context&) { return std::make_unique<Holder>(); });
  return r;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST(Registry, BuildsAComponentWithItsParameters) {
  auto r = make_registry();
  ves::Context c;
  c.registry = &r;
  auto t = r.create<ves::Transform>(ves::config::parse_yaml("type: shift\nby: 2.5\n", "t.yaml"), c,
                                    "tf");
  EXPECT_DOUBLE_EQ(dynamic_cast<Shift&>(*t).by_, 2.5);
}

TEST(Registry, AcceptsABareNameForAComponentWithDefaults) {
  auto r = make_registry();
  ves::Context c;
  c.registry = &r;
  auto t = r.create<ves::Transform>(ves::config::parse_yaml("shift", "t.yaml"), c, "tf");
  EXPECT_DOUBLE_EQ(dynamic_cast<Shift&>(*t).by_, 1.0);
}

TEST(Registry, NamesTheKnownComponentsAndTheClosestOneForAnUnknownType) {
  auto r = make_registry();
  const auto msg = error_of([&] {
    r.validate("transform", ves::config::parse_yaml("type: shfit\n", "p.yaml"), "preprocess[0]");
  });
  EXPECT_EQ(
      msg,
      "p.yaml:1:7: preprocess[0].type: unknown transform 'shfit'; did you mean shift? known "
      "transforms: "
      "holder, scale, shift (is the plugin providing it on the search path? see `vhost plugins`)");
}

TEST(Registry, AsksForTheTypeKeyWhenItIsMissing) {
  auto r = make_registry();
  const auto msg = error_of(
      [&] { r.validate("transform", ves::config::parse_yaml("by: 2\n", "p.yaml"), "aug"); });
  EXPECT_NE(msg.find("aug: missing 'type:' naming the transform to use; known transforms: holder, "
                     "scale, shift"),
            std::string::npos)
      << msg;
}

TEST(Registry, RefusesASecondComponentOfTheSameKindAndName) {
  auto r = make_registry();
  const auto msg = error_of([&] {
    r.add<ves::Transform>(
        "shift", "again", ves::config::Schema(),
        [](const ves::config::Params&, const ves::Context&) { return std::make_unique<Holder>(); });
  });
  EXPECT_EQ(msg,
            "transform 'shift' is registered twice (already provided by an earlier registration)");
}

TEST(Registry, ValidatesNestedComponentsToo) {
  auto r = make_registry();
  const auto node =
      ves::config::parse_yaml("type: holder\ninner:\n  type: shift\n  bye: 3\n", "n.yaml");
  const auto msg = error_of([&] { r.validate("transform", node, "tf"); });
  EXPECT_NE(msg.find("n.yaml:4:3: "), std::string::npos) << msg;
  EXPECT_NE(msg.find("unknown parameter of transform shift; did you mean by?"), std::string::npos)
      << msg;
}

TEST(Registry, ListsComponentsSortedByKindThenName) {
  auto r = make_registry();
  r.add<ves::Writer>("aaa", "", ves::config::Schema(),
                     [](const ves::config::Params&,
                        const ves::Context&) -> std::unique_ptr<ves::Writer> { return nullptr; });
  const auto all = r.list();
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0]->name, "holder");
  EXPECT_EQ(all[3]->kind, "writer");
  EXPECT_EQ(r.names("transform"), (std::vector<std::string>{"holder", "scale", "shift"}));
}
