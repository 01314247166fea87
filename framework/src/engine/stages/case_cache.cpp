#include "case_cache.hpp"

#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

#include "ves/core/log.hpp"
#include "ves/engine/progress.hpp"

namespace ves::stages {

CachedCases load_cases(const CaseSource& source, const std::vector<size_t>& indices, int threads,
                       const std::string& label) {
  std::vector<std::optional<Sample>> loaded(indices.size());
  std::vector<std::string> why(indices.size());
  std::atomic<size_t> next{0};
  std::mutex mutex;
  std::exception_ptr failure;
  Progress progress(label, static_cast<int64_t>(indices.size()), "cases");
  auto work = [&] {
    for (size_t k = next++; k < indices.size(); k = next++) {
      try {
        loaded[k] = source.load(indices[k], &why[k]);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!failure) failure = std::current_exception();
        next = indices.size();
        return;
      }
      std::lock_guard<std::mutex> lock(mutex);
      progress.advance(1, source.cases()[indices[k]].case_id);
    }
  };
  const int count = std::max(1, std::min<int>(threads, static_cast<int>(indices.size())));
  std::vector<std::thread> pool;
  for (int t = 1; t < count; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
  progress.finish();

  CachedCases cached;
  for (size_t k = 0; k < indices.size(); ++k) {
    if (!loaded[k]) {
      log().warn("{}: case {} skipped: {}", label, source.cases()[indices[k]].case_id, why[k]);
      continue;
    }
    cached.samples.push_back(std::move(*loaded[k]));
    cached.indices.push_back(indices[k]);
  }
  return cached;
}

}  // namespace ves::stages
