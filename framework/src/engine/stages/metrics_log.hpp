#pragma once
// metrics.csv of a training run: one row per epoch (losses, lr, validation metrics, timing).
#include <filesystem>
#include <utility>
#include <vector>

#include "ves/core/tensor_map.hpp"

namespace ves::stages {

class MetricsLog {
 public:
  explicit MetricsLog(std::filesystem::path file) : file_(std::move(file)) {}
  /// Reloads the rows of epochs 1..`epoch` from an existing file (a resumed run); the rows
  /// of later epochs (written before a kill, not checkpointed) are dropped.
  void resume(int64_t epoch);
  /// Adds the row of `epoch` (1-based) and rewrites the file atomically.
  void add(int64_t epoch, const ScalarMap& values);
  const std::vector<std::pair<int64_t, ScalarMap>>& rows() const { return rows_; }

 private:
  void write() const;

  std::filesystem::path file_;
  std::vector<std::pair<int64_t, ScalarMap>> rows_;
};

}  // namespace ves::stages
