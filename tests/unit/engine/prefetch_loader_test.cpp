// The prefetching loader: index order, exactly-once production, errors, early stop, bounds.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "ves/core/error.hpp"
#include "ves/engine/prefetch_loader.hpp"

namespace {

using namespace std::chrono_literals;

// A batch that carries its index as its one item's case id.
ves::Batch batch_of(size_t index) {
  ves::Batch b;
  b.items.resize(1);
  b.items[0].case_id = std::to_string(index);
  return b;
}

size_t index_of(const ves::Batch& b) {
  return std::stoul(b.items.at(0).case_id);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Waits (up to a second, for a loaded machine) until `counter` reaches `value`.
void wait_until(const std::atomic<int>& counter, int value) {
  const auto start = std::chrono::steady_clock::now();
  while (counter.load() < value && seconds_since(start) < 1.0) std::this_thread::sleep_for(1ms);
}

}  // namespace

TEST(PrefetchLoader, ReturnsItemsInIndexOrderWhateverTheProducerTimes) {
  constexpr size_t kCount = 40;
  std::vector<std::atomic<int>> calls(kCount);
  ves::PrefetchLoader loader(
      kCount,
      [&](size_t i) {
        ++calls[i];
        std::this_thread::sleep_for(std::chrono::microseconds((i * 7919) % 3 * 500));
        return batch_of(i);
      },
      3, 4);
  for (size_t expected = 0; expected < kCount; ++expected) {
    const auto b = loader.next();
    ASSERT_TRUE(b.has_value());
    EXPECT_EQ(index_of(*b), expected);
  }
  EXPECT_FALSE(loader.next().has_value());
  EXPECT_FALSE(loader.next().has_value());
  for (size_t i = 0; i < kCount; ++i) EXPECT_EQ(calls[i].load(), 1) << "index " << i;
}

TEST(PrefetchLoader, RethrowsAProducersDataErrorWhenItsItemIsReached) {
  ves::PrefetchLoader loader(
      20,
      [](size_t i) {
        if (i == 7) throw ves::DataError("case_7.nii.gz: truncated file");
        return batch_of(i);
      },
      3, 4);
  for (size_t i = 0; i < 7; ++i) EXPECT_EQ(index_of(*loader.next()), i);
  try {
    loader.next();
    FAIL() << "no error";
  } catch (const ves::DataError& e) {
    EXPECT_STREQ(e.what(), "case_7.nii.gz: truncated file");
  }
}

TEST(PrefetchLoader, WrapsOtherExceptionsInADataError) {
  ves::PrefetchLoader loader(
      3, [](size_t) -> ves::Batch { throw std::runtime_error("bad alloc in crop"); }, 2, 2);
  try {
    loader.next();
    FAIL() << "no error";
  } catch (const ves::DataError& e) {
    EXPECT_STREQ(e.what(), "bad alloc in crop");
  }
}

TEST(PrefetchLoader, StopsPromptlyWhenTheConsumerStopsEarly) {
  std::atomic<int> calls{0};
  const auto start = std::chrono::steady_clock::now();
  {
    ves::PrefetchLoader loader(
        100,
        [&](size_t i) {
          ++calls;
          std::this_thread::sleep_for(1ms);
          return batch_of(i);
        },
        3, 4);
    EXPECT_EQ(index_of(*loader.next()), 0u);
    std::this_thread::sleep_for(20ms);  // workers fill the queue and block
  }
  EXPECT_LT(seconds_since(start), 0.5);
  EXPECT_LE(calls.load(), 1 + 4 + 3);  // consumed + prefetch + workers
}

TEST(PrefetchLoader, NeverStartsMoreThanPrefetchItemsAheadOfTheConsumer) {
  std::atomic<int> calls{0};
  ves::PrefetchLoader loader(
      50,
      [&](size_t i) {
        ++calls;
        return batch_of(i);
      },
      4, 2);
  wait_until(calls, 2);
  std::this_thread::sleep_for(20ms);  // time for a (wrong) third start
  EXPECT_EQ(calls.load(), 2);         // items 0 and 1
  loader.next();
  wait_until(calls, 3);
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(calls.load(), 3);  // items 1 and 2 ahead of the consumer
}

TEST(PrefetchLoader, ProducesInsideNextWithoutWorkers) {
  const auto caller = std::this_thread::get_id();
  std::vector<size_t> produced;
  ves::PrefetchLoader loader(
      3,
      [&](size_t i) {
        EXPECT_EQ(std::this_thread::get_id(), caller);
        produced.push_back(i);
        return batch_of(i);
      },
      0, 1);
  EXPECT_TRUE(produced.empty());
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(index_of(*loader.next()), i);
  EXPECT_FALSE(loader.next().has_value());
  EXPECT_EQ(produced, (std::vector<size_t>{0, 1, 2}));
}

TEST(PrefetchLoader, CountsTheTimeNextWaitsForASlowProducer) {
  ves::PrefetchLoader slow(
      3,
      [](size_t i) {
        std::this_thread::sleep_for(15ms);
        return batch_of(i);
      },
      1, 1);
  while (slow.next()) {
  }
  EXPECT_GE(slow.wait_seconds(), 0.04);  // three items of 15 ms each, made one at a time

  std::atomic<int> made{0};
  ves::PrefetchLoader fast(
      3,
      [&](size_t i) {
        ++made;
        return batch_of(i);
      },
      1, 3);
  wait_until(made, 3);
  std::this_thread::sleep_for(5ms);  // everything is ready before the consumer asks
  while (fast.next()) {
  }
  EXPECT_LT(fast.wait_seconds(), 0.01);
}

TEST(PrefetchLoader, AnEmptyEpochEndsAtOnce) {
  ves::PrefetchLoader loader(0, batch_of, 2, 2);
  EXPECT_FALSE(loader.next().has_value());
  EXPECT_EQ(loader.size(), 0u);
}
