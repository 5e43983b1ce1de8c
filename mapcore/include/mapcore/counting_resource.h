// Memory resources that count and fail allocations (Boost.Container pmr):
// mapcore's allocator hooks seen from outside.
//
// A mapcore map takes every byte from its allocator, so a map built on
// CountingResource can be audited exactly: bytes and blocks live, peak, and
// allocations made. FaultInjectingResource, layered on top, makes chosen
// allocations throw std::bad_alloc: the k-th, every one past a byte budget,
// or each with a seeded probability. mapcore's own tests audit the map with
// them; harness builds its replayer, ledger and fault plans on them.
#ifndef MAPCORE_COUNTING_RESOURCE_H_
#define MAPCORE_COUNTING_RESOURCE_H_

#include <boost/container/pmr/global_resource.hpp>
#include <boost/container/pmr/memory_resource.hpp>
#include <cstddef>
#include <cstdint>
#include <new>
#include <set>

#include "mapcore/random_source.h"

namespace mapcore {

namespace pmr = boost::container::pmr;

class CountingResource : public pmr::memory_resource {
 public:
  explicit CountingResource(
      pmr::memory_resource* upstream = pmr::new_delete_resource())
      : upstream_(upstream) {}

  uint64_t live_bytes() const { return live_bytes_; }
  uint64_t live_blocks() const { return live_blocks_; }
  uint64_t peak_bytes() const { return peak_bytes_; }
  uint64_t allocations() const { return allocations_; }

 protected:
  void* do_allocate(std::size_t bytes, std::size_t align) override {
    void* p = upstream_->allocate(bytes, align);
    ++allocations_;
    ++live_blocks_;
    live_bytes_ += bytes;
    if (live_bytes_ > peak_bytes_) peak_bytes_ = live_bytes_;
    return p;
  }
  void do_deallocate(void* p, std::size_t bytes, std::size_t align) override {
    --live_blocks_;
    live_bytes_ -= bytes;
    upstream_->deallocate(p, bytes, align);
  }
  bool do_is_equal(const pmr::memory_resource& o) const noexcept override {
    return this == &o;
  }

 private:
  pmr::memory_resource* upstream_;
  uint64_t live_bytes_ = 0;
  uint64_t live_blocks_ = 0;
  uint64_t peak_bytes_ = 0;
  uint64_t allocations_ = 0;
};

// Fails chosen allocations by throwing std::bad_alloc. Allocation numbers
// count from 1 over the resource's lifetime (attempts, failed ones included).
class FaultInjectingResource : public pmr::memory_resource {
 public:
  explicit FaultInjectingResource(pmr::memory_resource* upstream)
      : upstream_(upstream) {}

  void fail_at(uint64_t attempt) { fail_at_.insert(attempt); }
  void fail_above_bytes(uint64_t budget) { budget_ = budget; }
  void fail_with_probability(double p, uint64_t seed) {
    probability_ = p;
    rng_ = SplitMix64(seed);
  }
  // While a Pause lives, no allocation fails (attempts still count, so the
  // numbering of fail_at stays the same with or without the pause).
  class Pause {
   public:
    explicit Pause(FaultInjectingResource& r) : r_(r) { ++r_.paused_; }
    ~Pause() { --r_.paused_; }
    Pause(const Pause&) = delete;
    Pause& operator=(const Pause&) = delete;

   private:
    FaultInjectingResource& r_;
  };

  void disarm() {
    fail_at_.clear();
    budget_ = UINT64_MAX;
    probability_ = 0;
  }

  uint64_t attempts() const { return attempts_; }
  uint64_t failures() const { return failures_; }
  // Whether some later allocation can still fail (lets callers skip
  // snapshots once the last planned fault is behind them).
  bool may_fail() const {
    return (!fail_at_.empty() && *fail_at_.rbegin() > attempts_) ||
           budget_ != UINT64_MAX || probability_ > 0;
  }

 protected:
  void* do_allocate(std::size_t bytes, std::size_t align) override {
    ++attempts_;
    if (should_fail(bytes)) {
      ++failures_;
      throw std::bad_alloc();
    }
    live_bytes_ += bytes;
    return upstream_->allocate(bytes, align);
  }
  void do_deallocate(void* p, std::size_t bytes, std::size_t align) override {
    live_bytes_ -= bytes;
    upstream_->deallocate(p, bytes, align);
  }
  bool do_is_equal(const pmr::memory_resource& o) const noexcept override {
    return this == &o;
  }

 private:
  bool should_fail(std::size_t bytes) {
    if (paused_ > 0) return false;
    if (fail_at_.count(attempts_)) return true;
    if (live_bytes_ + bytes > budget_) return true;
    if (probability_ > 0) {
      const double u = static_cast<double>(rng_.next() >> 11) * 0x1.0p-53;
      if (u < probability_) return true;
    }
    return false;
  }

  pmr::memory_resource* upstream_;
  std::set<uint64_t> fail_at_;
  uint64_t budget_ = UINT64_MAX;
  double probability_ = 0;
  SplitMix64 rng_{0};
  int paused_ = 0;
  uint64_t live_bytes_ = 0;
  uint64_t attempts_ = 0;
  uint64_t failures_ = 0;
};

}  // namespace mapcore

#endif  // MAPCORE_COUNTING_RESOURCE_H_
