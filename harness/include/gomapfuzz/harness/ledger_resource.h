// LedgerResource: a CountingResource that also remembers every live block.
//
// Counting says *how much* memory outlives a map; the ledger says *which*
// blocks and *who* allocated them: each live block is recorded with its size,
// alignment, a serial number (the n-th successful allocation) and the index
// of the trace op that was running when it was allocated. The replayer tells
// the ledger which op runs (ReplayOptions::before_op); chaos sweeps read the
// ledger after a run: it must be empty, and if it is not, describe() names
// the ops that leaked.
//
// The ledger owns what it records: blocks still live when the ledger dies
// are returned upstream, so a leak found by a test is reported as a figure,
// not as a second leak in the test process (which LeakSanitizer would flag).
//
// Not thread-safe, like CountingResource: one ledger per map (or per
// single-threaded run).
#ifndef GOMAPFUZZ_HARNESS_LEDGER_RESOURCE_H_
#define GOMAPFUZZ_HARNESS_LEDGER_RESOURCE_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <unordered_map>

#include "gomapfuzz/harness/counting_resource.h"

namespace gomapfuzz {

class LedgerResource : public CountingResource {
 public:
  // The op index recorded for allocations made outside any op: the map's
  // construction before the first op (the implicit `make 0`).
  static constexpr std::size_t kNoOp = std::numeric_limits<std::size_t>::max();

  struct Block {
    std::size_t bytes = 0;
    std::size_t align = 0;
    uint64_t serial = 0;     // 1 for the first successful allocation
    std::size_t op = kNoOp;  // trace op running when it was allocated
  };

  explicit LedgerResource(
      pmr::memory_resource* upstream = pmr::new_delete_resource())
      : CountingResource(upstream), upstream_(upstream) {}
  LedgerResource(const LedgerResource&) = delete;
  LedgerResource& operator=(const LedgerResource&) = delete;
  ~LedgerResource() override { release_all(); }

  // Allocations from now on are attributed to op `index` (kNoOp: none).
  void set_current_op(std::size_t index) { current_op_ = index; }
  std::size_t current_op() const { return current_op_; }

  const std::unordered_map<void*, Block>& live() const { return live_; }
  bool empty() const { return live_.empty(); }

  // Live bytes and blocks grouped by the op that allocated them.
  struct OpTotals {
    uint64_t bytes = 0;
    uint64_t blocks = 0;
  };
  std::map<std::size_t, OpTotals> by_op() const {
    std::map<std::size_t, OpTotals> out;
    for (const auto& [p, b] : live_) {
      out[b.op].bytes += b.bytes;
      ++out[b.op].blocks;
    }
    return out;
  }

  // One line: "208 bytes in 1 block allocated by op 17; 16 bytes in ...".
  std::string describe() const {
    std::string s;
    for (const auto& [op, t] : by_op()) {
      if (!s.empty()) s += "; ";
      s += std::to_string(t.bytes) + " bytes in " + std::to_string(t.blocks) +
           (t.blocks == 1 ? " block" : " blocks") + " allocated by ";
      s += op == kNoOp ? std::string("the initial make")
                       : "op " + std::to_string(op);
    }
    return s.empty() ? "no live blocks" : s;
  }

  // Returns every live block upstream (after a leak has been reported).
  void release_all() {
    for (const auto& [p, b] : live_) upstream_->deallocate(p, b.bytes, b.align);
    live_.clear();
  }

 protected:
  void* do_allocate(std::size_t bytes, std::size_t align) override {
    void* p = CountingResource::do_allocate(bytes, align);
    live_[p] = Block{bytes, align, ++serial_, current_op_};
    return p;
  }
  void do_deallocate(void* p, std::size_t bytes, std::size_t align) override {
    live_.erase(p);
    CountingResource::do_deallocate(p, bytes, align);
  }

 private:
  pmr::memory_resource* upstream_;
  std::unordered_map<void*, Block> live_;
  uint64_t serial_ = 0;
  std::size_t current_op_ = kNoOp;
};

}  // namespace gomapfuzz

#endif  // GOMAPFUZZ_HARNESS_LEDGER_RESOURCE_H_
