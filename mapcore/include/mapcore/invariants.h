// check_invariants(m): every structural rule of Go's map, checked on a
// mapcore map. Returns the violations (empty when the map is sound), each
// naming the rule, the bucket and slot, and what was found.
//
// The rules, one line each (the rule name is what a Violation reports):
//   count            count == live slots (current chains + unevacuated old)
//   placement        a live key sits in the bucket its hash selects (old
//                    array: the old mask); NaN keys are exempt (random hash)
//   tophash          a live slot's tophash is tophash(hash(key)); NaN: >= 5
//   tombstones       per chain, emptyRest slots come last and the last
//                    non-emptyRest slot is not emptyOne (Go's
//                    MapTombstoneCheck, export_test.go)
//   markers          evacuation markers (2, 3, 4) appear only in old buckets,
//                    and an old chain is wholly evacuated or not at all
//   chains           overflow chains are acyclic and every member is a pool
//                    bucket already handed out or a heap block of the same
//                    array
//   noverflow        B < 16: noverflow == overflow buckets in current chains;
//                    B >= 16 (probabilistic count): noverflow <= that number
//   growth           sameSizeGrow only while growing; nevacuate in range;
//                    old buckets below nevacuate evacuated; no hashWriting
//                    outside an operation
//   pool             nextOverflow lies in the array's pool; unused pool
//                    buckets are zero but for the end-of-pool sentinel
//   ownership        every block the map holds is reachable (arrays, heap
//                    overflow buckets, key/value blocks of live slots,
//                    retired blocks), and the current array's heap overflow
//                    buckets all hang in its chains
//   retired          memory is parked for iterators only while one is open
//   plan             no allocation happened that the plan did not reserve
#ifndef MAPCORE_INVARIANTS_H_
#define MAPCORE_INVARIANTS_H_

#include <string>
#include <unordered_set>
#include <vector>

#include "mapcore/introspect.h"

namespace mapcore {
namespace internal {

template <class Raw>
class InvariantChecker {
  using BucketT = typename Raw::BucketT;
  using KP = typename Raw::KP;

 public:
  explicit InvariantChecker(const Raw& raw) : raw_(raw), h_(raw.header()) {}

  std::vector<Violation> run() {
    index_heap_lists();
    check_growth_state();
    check_pool();
    if (raw_.buckets()) {
      for (uint64_t x = 0; x < (uint64_t{1} << h_.B); ++x)
        check_chain(x, false);
    }
    if (raw_.oldbuckets()) {
      for (uint64_t x = 0; x < raw_.noldbuckets(); ++x) check_chain(x, true);
    }
    if (!chains_broken_) check_counts();
    check_ownership();
    return std::move(out_);
  }

 private:
  void fail(std::string rule, std::string where, std::string detail) {
    if (rule == "chains") chains_broken_ = true;
    if (out_.size() < kMaxReported) {
      out_.push_back({std::move(rule), std::move(where), std::move(detail)});
    }
  }
  static std::string at(bool old, uint64_t x, int slot = -1) {
    std::string s = (old ? "old bucket " : "bucket ") + std::to_string(x);
    if (slot >= 0) s += " slot " + std::to_string(slot);
    return s;
  }

  const BucketT* array(bool old) const {
    return old ? raw_.oldbuckets() : raw_.buckets();
  }
  uint64_t array_len(bool old) const {
    return old ? raw_.old_array_len() : raw_.array_len();
  }
  const BlockList& heap_list(bool old) const {
    return old ? raw_.old_overflow_blocks() : raw_.overflow_blocks();
  }
  bool in_heap_list(const BucketT* b, bool old) const {
    return heap_[old].count(b) != 0;
  }
  void index_heap_lists() {
    for (bool old : {false, true}) {
      heap_list(old).for_each([&](BlockHeader* h) {
        heap_[old].insert(Raw::Blocks::template payload_of<BucketT>(h));
      });
    }
  }
  uint64_t pool_handed_out_end(bool old) const {
    if (old || raw_.next_overflow() == nullptr) return array_len(old);
    return static_cast<uint64_t>(raw_.next_overflow() - raw_.buckets());
  }

  // chains + markers + tombstones + placement + tophash for one chain.
  void check_chain(uint64_t x, bool old) {
    const BucketT* head = array(old) + x;
    const bool evacuated = old && is_evacuated_marker(head->tophash[0]);
    const uint64_t base = old ? raw_.noldbuckets() : (uint64_t{1} << h_.B);
    const uint64_t limit = array_len(old) + heap_blocks_total() + 1;
    uint64_t members = 0, non_rest = 0;
    std::vector<uint8_t> tops;
    for (const BucketT* b = head; b; b = b->overflow) {
      if (++members > limit) {
        fail("chains", at(old, x), "cycle or runaway chain");
        return;
      }
      if (b != head) check_member(b, x, old, base);
      for (int i = 0; i < kBucketCnt; ++i) {
        const uint8_t top = b->tophash[i];
        tops.push_back(top);
        non_rest += top != kEmptyRest;
        check_slot_marker(top, evacuated, old, x, i);
        if (top >= kMinTopHash && !evacuated) {
          ++live_;
          check_key(b, i, x, old);
        }
      }
    }
    if (!old) overflow_in_use_ += members - 1;
    if (!evacuated) check_tombstones(tops, non_rest, x, old);
    if (old && x < h_.nevacuate && !evacuated) {
      fail("growth", at(old, x), "below nevacuate but not evacuated");
    }
  }

  void check_member(const BucketT* b, uint64_t x, bool old, uint64_t base) {
    const BucketT* arr = array(old);
    if (b >= arr && b < arr + array_len(old)) {
      const auto idx = static_cast<uint64_t>(b - arr);
      if (idx < base || idx >= pool_handed_out_end(old)) {
        fail("chains", at(old, x),
             "overflow bucket at array index " + std::to_string(idx) +
                 " is not a handed-out pool bucket");
      }
    } else if (!in_heap_list(b, old)) {
      fail("chains", at(old, x), "overflow bucket not owned by this array");
    } else if (!old) {
      reachable_heap_.insert(b);
    }
  }

  void check_slot_marker(uint8_t top, bool evacuated, bool old, uint64_t x,
                         int i) {
    const bool marker = is_evacuated_marker(top);
    if (marker && !old) {
      fail("markers", at(old, x, i), "evacuation marker in the new array");
    } else if (old && evacuated != marker) {
      fail("markers", at(old, x, i),
           "chain partly evacuated (tophash " + std::to_string(top) + ")");
    }
  }

  void check_key(const BucketT* b, int i, uint64_t x, bool old) {
    const auto& k = *Raw::key_ptr(b, i);
    if (!Raw::key_is_self_equal(k)) return;  // NaN: random hash
    const uint64_t hash = raw_.hash_of_stored(k);
    const uint64_t mask =
        (old ? raw_.noldbuckets() : (uint64_t{1} << h_.B)) - 1;
    if ((hash & mask) != x) {
      fail("placement", at(old, x, i),
           "key belongs in bucket " + std::to_string(hash & mask));
    }
    if (b->tophash[i] != tophash_of(hash)) {
      fail("tophash", at(old, x, i),
           "tophash " + std::to_string(b->tophash[i]) + ", hash says " +
               std::to_string(tophash_of(hash)));
    }
  }

  void check_tombstones(const std::vector<uint8_t>& tops, uint64_t n,
                        uint64_t x, bool old) {
    for (uint64_t k = 0; k < tops.size(); ++k) {
      if (k < n && tops[k] == kEmptyRest) {
        fail("tombstones", at(old, x, int(k % 8)), "early emptyRest");
        return;
      }
      if (k >= n && tops[k] != kEmptyRest) {
        fail("tombstones", at(old, x, int(k % 8)), "late non-emptyRest");
        return;
      }
      if (n > 0 && k == n - 1 && tops[k] == kEmptyOne) {
        fail("tombstones", at(old, x, int(k % 8)),
             "last non-emptyRest slot is emptyOne");
        return;
      }
    }
  }

  void check_growth_state() {
    if ((h_.flags & kFlagSameSizeGrow) && !raw_.growing()) {
      fail("growth", "map", "sameSizeGrow set while not growing");
    }
    if (h_.flags & kFlagHashWriting) {
      fail("growth", "map", "hashWriting set outside an operation");
    }
    if (raw_.growing() && h_.nevacuate >= raw_.noldbuckets()) {
      fail("growth", "map", "nevacuate past the old array");
    }
    if (!raw_.growing() && raw_.old_array_len() != 0) {
      fail("growth", "map", "old array length without an old array");
    }
    if (raw_.buckets() == nullptr && (h_.count != 0 || h_.B != 0)) {
      fail("growth", "map", "no buckets but count or B non-zero");
    }
  }

  void check_pool() {
    const BucketT* next = raw_.next_overflow();
    if (next == nullptr) return;
    const BucketT* arr = raw_.buckets();
    const uint64_t base = uint64_t{1} << h_.B, len = raw_.array_len();
    if (next < arr + base || next >= arr + len) {
      fail("pool", "map", "nextOverflow outside the array's pool");
      return;
    }
    for (const BucketT* b = next; b < arr + len; ++b) {
      const bool last = b == arr + len - 1;
      if (last ? b->overflow != arr : b->overflow != nullptr) {
        fail("pool", "array index " + std::to_string(b - arr),
             last ? "end-of-pool sentinel missing"
                  : "unused pool bucket linked");
      }
      for (int i = 0; i < kBucketCnt; ++i) {
        if (b->tophash[i] != 0) {
          fail("pool", "array index " + std::to_string(b - arr),
               "unused pool bucket holds a tophash");
          break;
        }
      }
    }
  }

  void check_counts() {
    if (live_ != static_cast<uint64_t>(h_.count)) {
      fail("count", "map",
           "count " + std::to_string(h_.count) + " but " +
               std::to_string(live_) + " live slots");
    }
    if (raw_.buckets() == nullptr) return;
    const bool exact = h_.B < 16;
    if (exact ? h_.noverflow != overflow_in_use_
              : h_.noverflow > overflow_in_use_) {
      fail("noverflow", "map",
           "noverflow " + std::to_string(h_.noverflow) + ", chains hold " +
               std::to_string(overflow_in_use_) + " overflow buckets");
    }
  }

  uint64_t heap_blocks_total() const {
    uint64_t n = 0;
    auto count = [&](BlockHeader*) { ++n; };
    raw_.overflow_blocks().for_each(count);
    raw_.old_overflow_blocks().for_each(count);
    return n;
  }

  // Walks every chain again: only safe once the chains are known sound.
  void check_ownership() {
    if (chains_broken_) return;
    uint64_t expected = heap_blocks_total();
    expected += raw_.buckets() != nullptr;
    expected += raw_.oldbuckets() != nullptr;
    uint64_t retired = 0;
    raw_.retired_blocks().for_each([&](BlockHeader*) { ++retired; });
    expected += retired;
    if constexpr (Raw::kIndirectKey || Raw::kIndirectValue || KP::kOwnsBytes) {
      visit_live_slots(raw_, [&](const BucketT* b, int i, bool) {
        if constexpr (Raw::kIndirectKey) expected += b->keys[i] != nullptr;
        if constexpr (!Raw::kIndirectKey && KP::kOwnsBytes) {
          expected += b->keys[i].ptr != nullptr;
        }
        if constexpr (Raw::kIndirectValue) expected += b->elems[i] != nullptr;
      });
    }
    if (expected != raw_.blocks().live_blocks()) {
      fail("ownership", "map",
           std::to_string(raw_.blocks().live_blocks()) + " blocks allocated, " +
               std::to_string(expected) + " reachable");
    }
    raw_.overflow_blocks().for_each([&](BlockHeader* h) {
      if (!reachable_heap_.count(
              Raw::Blocks::template payload_of<BucketT>(h))) {
        fail("ownership", "map", "heap overflow bucket in no chain");
      }
    });
    if (retired > 0 && raw_.live_iterators() == 0) {
      fail("retired", "map", "memory parked with no iterator open");
    }
    if (raw_.plan_misses() != 0) {
      fail("plan", "map",
           std::to_string(raw_.plan_misses()) + " unplanned allocations");
    }
  }

  static constexpr std::size_t kMaxReported = 64;

  const Raw& raw_;
  const typename Raw::Header h_;
  std::vector<Violation> out_;
  bool chains_broken_ = false;  // a cycle or foreign bucket: stop walking
  uint64_t live_ = 0;
  uint64_t overflow_in_use_ = 0;
  std::unordered_set<const BucketT*> heap_[2];  // heap overflow: new, old
  std::unordered_set<const BucketT*> reachable_heap_;
};

}  // namespace internal

template <class MapT>
std::vector<Violation> check_invariants(const MapT& m) {
  using Raw = std::decay_t<decltype(m.raw())>;
  return internal::InvariantChecker<Raw>(m.raw()).run();
}

}  // namespace mapcore

#endif  // MAPCORE_INVARIANTS_H_
