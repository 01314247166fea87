// Prefetching: workers claim indices in order, never more than `prefetch` ahead of the
// consumer, and park results in a reorder buffer that next() drains in index order.
#include "ves/engine/prefetch_loader.hpp"

#include <chrono>
#include <utility>

#include "ves/core/error.hpp"

namespace ves {

namespace {
using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}
}  // namespace

PrefetchLoader::PrefetchLoader(size_t count, Producer produce, int workers, size_t prefetch)
    : count_(count), produce_(std::move(produce)), prefetch_(prefetch < 1 ? 1 : prefetch) {
  if (workers < 0)
    throw UsageError("data loader workers must be >= 0, got " + std::to_string(workers));
  try {
    for (int w = 0; w < workers; ++w) threads_.emplace_back([this] { work(); });
  } catch (...) {
    // Could not start every thread: stop those that did before reporting.
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    can_start_.notify_all();
    for (auto& t : threads_) t.join();
    throw;
  }
}

PrefetchLoader::~PrefetchLoader() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  can_start_.notify_all();
  for (auto& t : threads_) t.join();
}

Batch PrefetchLoader::produce_checked(size_t index) {
  try {
    return produce_(index);
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw DataError(e.what());
  } catch (...) {
    throw DataError("loading item " + std::to_string(index) + " failed with an unknown error");
  }
}

void PrefetchLoader::work() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    can_start_.wait(lock, [this] {
      return stop_ || next_start_ >= count_ || next_start_ < next_out_ + prefetch_;
    });
    if (stop_ || next_start_ >= count_) return;
    const size_t index = next_start_++;
    lock.unlock();
    std::optional<Batch> batch;
    std::exception_ptr error;
    try {
      batch = produce_checked(index);
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    if (error) {
      failed_[index] = error;
      stop_ = true;  // later items would never be returned; earlier ones still finish
      can_start_.notify_all();
    } else {
      done_.emplace(index, std::move(*batch));
    }
    finished_.notify_all();
  }
}

std::optional<Batch> PrefetchLoader::next() {
  const auto start = Clock::now();
  if (threads_.empty()) {
    if (next_out_ >= count_) return std::nullopt;
    Batch batch = produce_checked(next_out_);  // a failure is retried on the next call
    ++next_out_;
    std::lock_guard<std::mutex> lock(mutex_);
    wait_seconds_ += seconds_since(start);
    return batch;
  }
  std::unique_lock<std::mutex> lock(mutex_);
  if (next_out_ >= count_) return std::nullopt;
  const size_t index = next_out_;
  finished_.wait(lock, [&] { return done_.count(index) || failed_.count(index); });
  wait_seconds_ += seconds_since(start);
  if (auto f = failed_.find(index); f != failed_.end()) std::rethrow_exception(f->second);
  auto node = done_.extract(index);
  ++next_out_;
  lock.unlock();
  can_start_.notify_all();
  return std::move(node.mapped());
}

double PrefetchLoader::wait_seconds() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return wait_seconds_;
}

}  // namespace ves
