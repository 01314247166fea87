#pragma once
// Loads and preprocesses a list of cases once, in parallel, to keep them in memory for training.
#include <vector>

#include "case_source.hpp"

namespace ves::stages {

/// Cases in memory, and the dataset index each came from (cases skipped by on_error are left out).
struct CachedCases {
  std::vector<Sample> samples;
  std::vector<size_t> indices;
};

/// Loads `indices` from `source` with `threads` threads and a progress bar named `label`.
CachedCases load_cases(const CaseSource& source, const std::vector<size_t>& indices, int threads,
                       const std::string& label);

}  // namespace ves::stages
