#pragma once
// What a lab checks before training, accumulated case by case: sizes, spacings (thin vs thick
// slices), orientations, intensity ranges, class balance (positive cases, positive slices,
// foreground voxels, scalar targets), and the same per metadata value.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ves/core/sample.hpp"
#include "ves/engine/csv_table.hpp"

namespace ves {

struct DatasetStatisticsOptions {
  std::string image = "image";        ///< volume for size, spacing and intensities
  std::string label = "label";        ///< label volume for foreground statistics (if present)
  double thick_slice_mm = 3.0;        ///< largest spacing >= this: a "thick" case
  std::vector<std::string> group_by;  ///< metadata/scalar names to break statistics down by
};

class DatasetStatistics {
 public:
  explicit DatasetStatistics(DatasetStatisticsOptions options);
  ~DatasetStatistics();
  /// Adds one case (not thread-safe: call from one thread).
  void add(const Sample& sample);
  /// Records a case that could not be read.
  void add_skipped(const std::string& case_id, const std::string& reason);
  /// One row per case.
  const CsvTable& cases() const;
  /// Everything aggregated, as pretty-printed JSON.
  std::string json() const;
  /// The same as a table for people (what `vhost inspect` prints).
  std::string report() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace ves
