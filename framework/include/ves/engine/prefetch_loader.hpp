#pragma once
// Worker threads that produce an epoch's batches ahead of the training loop into a bounded
// queue, handed out in index order so a run does not depend on thread timing.
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "ves/core/batch.hpp"

namespace ves {

class PrefetchLoader {
 public:
  /// Makes item `index` (0 .. count-1); called once per index, from worker threads.
  using Producer = std::function<Batch(size_t index)>;

  /// Starts `workers` threads (0 = produce each item inside next()). At most `prefetch` items
  /// (>= 1; use >= workers to keep every worker busy) are made ahead of the consumer.
  PrefetchLoader(size_t count, Producer produce, int workers, size_t prefetch);
  /// Stops the workers and joins them; each finishes at most the item it is making.
  ~PrefetchLoader();
  PrefetchLoader(const PrefetchLoader&) = delete;
  PrefetchLoader& operator=(const PrefetchLoader&) = delete;

  /// The next item in index order, waiting for it; nullopt after the last. Re-throws a
  /// producer's exception when its item is reached: an ves::Error as itself, anything else as
  /// a DataError with its message.
  std::optional<Batch> next();
  /// Total seconds next() spent waiting for items (the trainer's "data wait").
  double wait_seconds() const;
  size_t size() const { return count_; }

 private:
  void work();
  Batch produce_checked(size_t index);

  const size_t count_;
  const Producer produce_;
  const size_t prefetch_;
  std::vector<std::thread> threads_;

  mutable std::mutex mutex_;
  std::condition_variable can_start_;  // workers: room ahead of the consumer, or stop
  std::condition_variable finished_;   // consumer: an item (or error) arrived
  size_t next_start_ = 0;              // the next index a worker takes
  size_t next_out_ = 0;                // the next index next() returns
  std::map<size_t, Batch> done_;       // finished, not yet returned (reorder buffer)
  std::map<size_t, std::exception_ptr> failed_;
  bool stop_ = false;
  double wait_seconds_ = 0;
};

}  // namespace ves
