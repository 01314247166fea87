#include "checkpoint_keeper.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <limits>

namespace ves::stages {

CheckpointKeeper::CheckpointKeeper(std::filesystem::path dir, std::string metric, bool maximize,
                                   int64_t top_k)
    : dir_(std::move(dir)),
      metric_(std::move(metric)),
      maximize_(maximize),
      top_k_(top_k),
      best_(maximize ? -std::numeric_limits<double>::infinity()
                     : std::numeric_limits<double>::infinity()) {}

bool CheckpointKeeper::improves(double value) const {
  if (std::isnan(value)) return false;
  return maximize_ ? value > best_ : value < best_;
}

CheckpointKeeper::Update CheckpointKeeper::update(int64_t epoch, double value) {
  Update update;
  if (std::isnan(value)) return update;
  if (improves(value)) {
    best_ = value;
    best_epoch_ = epoch;
    update.best = true;
  }
  if (top_k_ <= 0) return update;
  auto file_of = [&](int64_t e, double v) {
    return dir_ / fmt::format("epoch{:03d}_{}{:.4f}.pt", e, metric_, v);
  };
  const auto before = top_;
  top_.emplace_back(epoch, value);
  std::stable_sort(top_.begin(), top_.end(), [&](const auto& a, const auto& b) {
    return maximize_ ? a.second > b.second : a.second < b.second;
  });
  if (static_cast<int64_t>(top_.size()) > top_k_) top_.resize(static_cast<size_t>(top_k_));
  for (const auto& [e, v] : top_)
    if (e == epoch) update.top_k_file = file_of(e, v);
  for (const auto& [e, v] : before)
    if (std::none_of(top_.begin(), top_.end(), [&](const auto& t) { return t.first == e; }))
      update.obsolete.push_back(file_of(e, v));
  return update;
}

nlohmann::json CheckpointKeeper::state() const {
  nlohmann::json top = nlohmann::json::array();
  for (const auto& [e, v] : top_) top.push_back({{"epoch", e}, {"value", v}});
  return {{"metric", metric_},
          {"best", std::isfinite(best_) ? nlohmann::json(best_) : nlohmann::json()},
          {"best_epoch", best_epoch_},
          {"top_k", top}};
}

void CheckpointKeeper::set_state(const nlohmann::json& state) {
  if (state.contains("best") && state["best"].is_number()) best_ = state["best"].get<double>();
  best_epoch_ = state.value("best_epoch", int64_t{0});
  top_.clear();
  if (state.contains("top_k"))
    for (const auto& t : state["top_k"])
      top_.emplace_back(t["epoch"].get<int64_t>(), t["value"].get<double>());
}

}  // namespace ves::stages
