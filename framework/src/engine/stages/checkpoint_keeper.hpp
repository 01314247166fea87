#pragma once
// Which checkpoints a training run keeps: best.pt, the top-k by the monitored metric with
// readable names (epoch012_val_dice0.8123.pt), and last.pt (written by the trainer).
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ves::stages {

class CheckpointKeeper {
 public:
  CheckpointKeeper(std::filesystem::path dir, std::string metric, bool maximize, int64_t top_k);

  /// What to do after an epoch scored `value`: write best.pt and/or a top-k file, then
  /// delete the top-k files that dropped out (after the new ones are safely written).
  struct Update {
    bool best = false;
    std::filesystem::path top_k_file;  ///< empty when the epoch is not among the top k
    std::vector<std::filesystem::path> obsolete;
  };
  Update update(int64_t epoch, double value);

  /// True when `value` beats the best so far (NaN never does).
  bool improves(double value) const;
  double best() const { return best_; }
  int64_t best_epoch() const { return best_epoch_; }
  std::filesystem::path best_file() const { return dir_ / "best.pt"; }
  std::filesystem::path last_file() const { return dir_ / "last.pt"; }

  /// For last.pt, so a resumed run keeps the same best and top-k.
  nlohmann::json state() const;
  void set_state(const nlohmann::json& state);

 private:
  std::filesystem::path dir_;
  std::string metric_;
  bool maximize_;
  int64_t top_k_;
  double best_;
  int64_t best_epoch_ = 0;
  std::vector<std::pair<int64_t, double>> top_;  ///< (epoch, value), best first
};

}  // namespace ves::stages
