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
//                    retired blocks), the current array's heap overflow
//                    buckets all hang in its chains, and no old array's
//                    heap overflow bucket is held once the growth is over
//                    (Go's GC frees them with the old array)
//   retired          memory is parked for iterators only while one is open
//   plan             no allocation happened that the plan did not reserve
//
// IncrementalInvariants (below) checks the same rules after every op at the
// cost of what the op can have touched: a full check walks every chain, so
// checking after every op of a long trace is quadratic.
#ifndef MAPCORE_INVARIANTS_H_
#define MAPCORE_INVARIANTS_H_

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "mapcore/introspect.h"
#include "mapcore/op_laws.h"

namespace mapcore {
namespace internal {

// What one chain adds to the map-wide rules (count, noverflow, ownership).
// 32-bit fields: IncrementalInvariants keeps one per bucket (16 bytes each,
// 64 MB at B = 22), and no chain holds 2^32 slots.
struct ChainTally {
  uint32_t live = 0;          // live slots (unevacuated chains only)
  uint32_t overflow = 0;      // chain members after the head
  uint32_t owned_blocks = 0;  // key/value blocks its live slots own
  uint32_t heap_members = 0;  // members that are heap overflow buckets
};

// The sum of chain tallies (64-bit: a map holds up to 2^63 entries).
struct TallyTotal {
  uint64_t live = 0, overflow = 0, owned_blocks = 0, heap_members = 0;

  TallyTotal& operator+=(const ChainTally& o) {
    live += o.live;
    overflow += o.overflow;
    owned_blocks += o.owned_blocks;
    heap_members += o.heap_members;
    return *this;
  }
  TallyTotal& operator-=(const ChainTally& o) {
    live -= o.live;
    overflow -= o.overflow;
    owned_blocks -= o.owned_blocks;
    heap_members -= o.heap_members;
    return *this;
  }
};

// Memory a checker reuses from one check to the next: an incremental check
// runs after every op of a fuzz run, and allocating its indexes each time
// cost more than the check itself (under ASan, where each allocation records
// a stack trace).
struct CheckerScratch {
  std::vector<const void*> heap[2];    // heap overflow buckets: new, old
  std::vector<const void*> reachable;  // current heap buckets seen in chains
  // The hashes of 8-byte pointer-free keys (uint64, float64) as of a hash0:
  // the placement and tophash rules rehash every live key of a chain an op
  // touched, and the next op on that chain rehashes the same keys. Direct
  // mapped; an entry is (key bits, hash0, hash), found only by an exact
  // match, so a remembered hash is the one the map's hasher gives.
  struct Memo {
    uint64_t key = 0;
    uint64_t hash = 0;
    uint32_t hash0 = 0;
    bool used = false;
  };
  static constexpr std::size_t kMemoSize = 1024;
  std::vector<Memo> memo;
};

template <class Raw>
class InvariantChecker {
  using BucketT = typename Raw::BucketT;
  using KP = typename Raw::KP;

 public:
  explicit InvariantChecker(const Raw& raw, CheckerScratch* scratch = nullptr)
      : raw_(raw),
        h_(raw.header()),
        scratch_(scratch ? *scratch : own_scratch_) {
    for (auto& v : scratch_.heap) v.clear();
    scratch_.reachable.clear();
  }
  InvariantChecker(const InvariantChecker&) = delete;
  InvariantChecker& operator=(const InvariantChecker&) = delete;

  // Every rule over every chain; each chain's tally into *_tallies when
  // given (IncrementalInvariants keeps them).
  std::vector<Violation> run(std::vector<ChainTally>* current_tallies = nullptr,
                             std::vector<ChainTally>* old_tallies = nullptr) {
    begin();
    TallyTotal current, old;
    if (raw_.buckets()) {
      for (uint64_t x = 0; x < (uint64_t{1} << h_.B); ++x) {
        const ChainTally t = check_chain(x, false);
        current += t;
        if (current_tallies) current_tallies->push_back(t);
      }
    }
    if (raw_.oldbuckets()) {
      for (uint64_t x = 0; x < raw_.noldbuckets(); ++x) {
        const ChainTally t = check_chain(x, true);
        old += t;
        if (old_tallies) old_tallies->push_back(t);
      }
    }
    check_unused_pool();
    finish(current, old, /*walked_all=*/true);
    return take();
  }

  // ---- The pieces, which IncrementalInvariants runs on a subset. ----

  // The O(1) map-wide rules, and the heap-block index chains are checked
  // against.
  void begin() {
    index_heap_lists();
    check_growth_state();
    check_pool_bounds();
  }

  // chains + markers + tombstones + placement + tophash for one chain, and
  // what it adds to the totals.
  ChainTally check_chain(uint64_t x, bool old) {
    const BucketT* head = array(old) + x;
    ChainTally t;
    if (never_written(head)) {
      if (old && x < h_.nevacuate) {
        fail("growth", at(old, x), "below nevacuate but not evacuated");
      }
      return t;  // all emptyRest, no chain: every per-chain rule holds
    }
    const bool evacuated = old && is_evacuated_marker(head->tophash[0]);
    const uint64_t base = old ? raw_.noldbuckets() : (uint64_t{1} << h_.B);
    const uint64_t limit = array_len(old) + heap_blocks_total() + 1;
    uint64_t members = 0;
    Tombstones tombstones;
    for (const BucketT* b = head; b; b = b->overflow) {
      if (++members > limit) {
        fail("chains", at(old, x), "cycle or runaway chain");
        return t;
      }
      if (b != head) {
        t.heap_members += static_cast<uint32_t>(check_member(b, x, old, base));
      }
      for (int i = 0; i < kBucketCnt; ++i) {
        const uint8_t top = b->tophash[i];
        tombstones.add(top);
        check_slot_marker(top, evacuated, old, x, i);
        if (top >= kMinTopHash && !evacuated) {
          ++t.live;
          t.owned_blocks += static_cast<uint32_t>(owned_blocks_of(b, i));
          check_key(b, i, x, old);
        }
      }
    }
    t.overflow = static_cast<uint32_t>(members - 1);
    if (!evacuated) check_tombstones(tombstones, x, old);
    if (old && x < h_.nevacuate && !evacuated) {
      fail("growth", at(old, x), "below nevacuate but not evacuated");
    }
    return t;
  }

  // Old buckets in [from, to) lie below nevacuate: each must be evacuated
  // (O(1) a bucket: the head's first tophash says it).
  void check_evacuated_below(uint64_t from, uint64_t to) {
    if (!raw_.oldbuckets()) return;
    for (uint64_t x = from; x < to && x < raw_.noldbuckets(); ++x) {
      if (!is_evacuated_marker(raw_.oldbuckets()[x].tophash[0])) {
        fail("growth", at(true, x), "below nevacuate but not evacuated");
      }
    }
  }

  // count, noverflow, ownership, retired and plan from every chain's tally.
  // `walked_all`: this checker walked every current chain itself, so it can
  // also tell which heap overflow bucket hangs in none.
  void finish(const TallyTotal& current, const TallyTotal& old,
              bool walked_all) {
    if (chains_broken_) return;
    check_counts(current, old);
    check_ownership(current, old, walked_all);
  }

  std::vector<Violation> take() { return std::move(out_); }
  bool chains_broken() const { return chains_broken_; }

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
  // The heap lists as sorted vectors (the lists are short: a handful of
  // blocks per chain that overflowed past the preallocated pool).
  bool in_heap_list(const BucketT* b, bool old) const {
    const auto& v = scratch_.heap[old];
    return std::binary_search(v.begin(), v.end(), static_cast<const void*>(b));
  }
  void index_heap_lists() {
    for (bool old : {false, true}) {
      auto& v = scratch_.heap[old];
      heap_list(old).for_each([&](BlockHeader* h) {
        v.push_back(Raw::Blocks::template payload_of<BucketT>(h));
      });
      std::sort(v.begin(), v.end());
    }
  }
  uint64_t heap_blocks_total() const {
    return scratch_.heap[false].size() + scratch_.heap[true].size();
  }
  uint64_t pool_handed_out_end(bool old) const {
    if (old || raw_.next_overflow() == nullptr) return array_len(old);
    return static_cast<uint64_t>(raw_.next_overflow() - raw_.buckets());
  }

  // Checks one overflow member; returns 1 if it is a heap bucket.
  uint64_t check_member(const BucketT* b, uint64_t x, bool old, uint64_t base) {
    const BucketT* arr = array(old);
    if (b >= arr && b < arr + array_len(old)) {
      const auto idx = static_cast<uint64_t>(b - arr);
      if (idx < base || idx >= pool_handed_out_end(old)) {
        fail("chains", at(old, x),
             "overflow bucket at array index " + std::to_string(idx) +
                 " is not a handed-out pool bucket");
      }
      return 0;
    }
    if (!in_heap_list(b, old)) {
      fail("chains", at(old, x), "overflow bucket not owned by this array");
      return 0;
    }
    if (!old) scratch_.reachable.push_back(b);
    return 1;
  }

  // A head bucket with every tophash emptyRest and no overflow: a fresh
  // bucket (most of a new array), which no per-chain rule can fault.
  static bool never_written(const BucketT* b) {
    if (b->overflow != nullptr) return false;
    uint64_t tops;
    static_assert(sizeof b->tophash == sizeof tops);
    std::memcpy(&tops, b->tophash, sizeof tops);
    return tops == 0;  // kEmptyRest == 0
  }

  static uint64_t owned_blocks_of(const BucketT* b, int i) {
    uint64_t n = 0;
    if constexpr (Raw::kIndirectKey) n += b->keys[i] != nullptr;
    if constexpr (!Raw::kIndirectKey && KP::kOwnsBytes) {
      n += b->keys[i].ptr != nullptr;
    }
    if constexpr (Raw::kIndirectValue) n += b->elems[i] != nullptr;
    return n;
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

  // raw_.hash_of_stored(k), through the scratch's memo where it applies.
  template <class K>
  uint64_t stored_hash(const K& k) {
    if constexpr (sizeof(K) == 8 && !KP::kHasPointers &&
                  std::is_trivially_copyable_v<K>) {
      auto& memo = scratch_.memo;
      if (memo.empty()) memo.resize(CheckerScratch::kMemoSize);
      uint64_t bits;
      std::memcpy(&bits, &k, sizeof bits);
      auto& e =
          memo[(bits * 0x9e3779b97f4a7c15u >> 32) % CheckerScratch::kMemoSize];
      if (!e.used || e.key != bits || e.hash0 != h_.hash0) {
        e = {bits, raw_.hash_of_stored(k), h_.hash0, true};
      }
      return e.hash;
    } else {
      return raw_.hash_of_stored(k);
    }
  }

  void check_key(const BucketT* b, int i, uint64_t x, bool old) {
    const auto& k = *Raw::key_ptr(b, i);
    if (!Raw::key_is_self_equal(k)) return;  // NaN: random hash
    const uint64_t hash = stored_hash(k);
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

  // Go's MapTombstoneCheck, streamed over a chain's tophash bytes in order:
  // every non-emptyRest slot before every emptyRest one, and the last
  // non-emptyRest slot not emptyOne. The first emptyRest that a later
  // non-emptyRest slot follows is the earliest misplaced slot.
  struct Tombstones {
    int64_t position = -1;
    int64_t first_rest = -1;     // first emptyRest slot
    int64_t early_rest = -1;     // ... when a non-emptyRest follows it
    int64_t last_non_rest = -1;  // last non-emptyRest slot
    uint8_t last_non_rest_top = 0;

    void add(uint8_t top) {
      ++position;
      if (top == kEmptyRest) {
        if (first_rest < 0) first_rest = position;
        return;
      }
      if (first_rest >= 0 && early_rest < 0) early_rest = first_rest;
      last_non_rest = position;
      last_non_rest_top = top;
    }
  };

  void check_tombstones(const Tombstones& t, uint64_t x, bool old) {
    if (t.early_rest >= 0) {
      fail("tombstones", at(old, x, int(t.early_rest % 8)), "early emptyRest");
    } else if (t.last_non_rest >= 0 && t.last_non_rest_top == kEmptyOne) {
      fail("tombstones", at(old, x, int(t.last_non_rest % 8)),
           "last non-emptyRest slot is emptyOne");
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

  // nextOverflow inside the pool, and the end-of-pool sentinel: O(1).
  void check_pool_bounds() {
    const BucketT* next = raw_.next_overflow();
    if (next == nullptr) return;
    const BucketT* arr = raw_.buckets();
    const uint64_t base = uint64_t{1} << h_.B, len = raw_.array_len();
    if (next < arr + base || next >= arr + len) {
      fail("pool", "map", "nextOverflow outside the array's pool");
      pool_out_of_bounds_ = true;
      return;
    }
    if (raw_.array_bucket(len - 1).overflow != arr) {
      fail("pool", "array index " + std::to_string(len - 1),
           "end-of-pool sentinel missing");
    }
  }

  // Every pool bucket not handed out yet is zero but for the sentinel (read
  // through array_bucket(): under ASan the unused pool is poisoned).
  void check_unused_pool() {
    const BucketT* next = raw_.next_overflow();
    if (next == nullptr || pool_out_of_bounds_) return;
    const BucketT* arr = raw_.buckets();
    const uint64_t len = raw_.array_len();
    for (auto x = static_cast<uint64_t>(next - arr); x < len; ++x) {
      const BucketT b = raw_.array_bucket(x);
      if (x != len - 1 && b.overflow != nullptr) {
        fail("pool", "array index " + std::to_string(x),
             "unused pool bucket linked");
      }
      for (int i = 0; i < kBucketCnt; ++i) {
        if (b.tophash[i] != 0) {
          fail("pool", "array index " + std::to_string(x),
               "unused pool bucket holds a tophash");
          break;
        }
      }
    }
  }

  void check_counts(const TallyTotal& current, const TallyTotal& old) {
    const uint64_t live = current.live + old.live;
    if (live != static_cast<uint64_t>(h_.count)) {
      fail("count", "map",
           "count " + std::to_string(h_.count) + " but " +
               std::to_string(live) + " live slots");
    }
    if (raw_.buckets() == nullptr) return;
    const bool exact = h_.B < 16;
    if (exact ? h_.noverflow != current.overflow
              : h_.noverflow > current.overflow) {
      fail("noverflow", "map",
           "noverflow " + std::to_string(h_.noverflow) + ", chains hold " +
               std::to_string(current.overflow) + " overflow buckets");
    }
  }

  void check_ownership(const TallyTotal& current, const TallyTotal& old,
                       bool walked_all) {
    uint64_t retired = 0;
    raw_.retired_blocks().for_each([&](BlockHeader*) { ++retired; });
    const uint64_t expected = heap_blocks_total() +
                              (raw_.buckets() != nullptr) +
                              (raw_.oldbuckets() != nullptr) + retired +
                              current.owned_blocks + old.owned_blocks;
    if (expected != raw_.blocks().live_blocks()) {
      fail("ownership", "map",
           std::to_string(raw_.blocks().live_blocks()) + " blocks allocated, " +
               std::to_string(expected) + " reachable");
    }
    const uint64_t heap_old = scratch_.heap[true].size();
    if (raw_.oldbuckets() == nullptr && heap_old != 0) {
      fail("ownership", "map",
           std::to_string(heap_old) +
               " heap overflow buckets of an old array held with no growth "
               "under way");
    }
    const uint64_t heap_now = scratch_.heap[false].size();
    if (current.heap_members != heap_now) {
      fail("ownership", "map",
           std::to_string(heap_now) + " heap overflow buckets, " +
               std::to_string(current.heap_members) + " in chains");
    } else if (walked_all) {
      auto& seen = scratch_.reachable;
      std::sort(seen.begin(), seen.end());
      seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
      if (seen.size() != heap_now) {
        fail("ownership", "map", "heap overflow bucket in no chain");
      }
    }
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
  bool pool_out_of_bounds_ = false;
  CheckerScratch own_scratch_;  // when the caller keeps none
  CheckerScratch& scratch_;
};

}  // namespace internal

template <class MapT>
std::vector<Violation> check_invariants(const MapT& m) {
  using Raw = std::decay_t<decltype(DebugAccess::raw(m))>;
  return internal::InvariantChecker<Raw>(DebugAccess::raw(m)).run();
}

// The invariant check after each op of a sequence, at the cost of what the
// op touched instead of the whole map's.
//
// An op on key k, with no growth starting or ending, writes at most: k's
// chain in the current array (an insert may link a pool or heap overflow
// bucket into it; a delete's emptyRest walk stays in it) and, while
// growing, what growWork evacuates: old bucket hash(k) & oldmask, then old
// bucket nevacuate (the next one not evacuated when the first was
// nevacuate), each with its X and Y halves (x and x + noldbuckets; X only
// in same-size growth). The hash is taken before the op, since a delete
// that empties the map reseeds hash0. So after each op:
//   - those chains are walked again (every per-chain rule), and their
//     tallies replace the cached ones, so count, noverflow and ownership
//     are checked against totals kept per chain;
//   - the old buckets nevacuate passed are checked evacuated (O(1) each);
//   - the O(1) map-wide rules run (growth state, pool bounds and sentinel,
//     retired, plan).
// Before every op it also records what op_laws.h judges the op by (whether
// it started a growth Go would start, advanced the evacuation, redrew
// hash0), and reports those laws with the next check, full or not.
// A full check runs instead at the first op, when an array was allocated,
// replaced or dropped (growth started or finished, clear, the first
// insert), when k's chain cannot be known (a NaN key: its hash is random),
// and whenever the caller asks (full()). Unused pool buckets are checked
// only by full checks. A bug that writes outside what its op touches is
// therefore found at the next full check, not at its op.
template <class MapT>
class IncrementalInvariants {
  using Raw =
      std::decay_t<decltype(DebugAccess::raw(std::declval<const MapT&>()))>;
  using Checker = internal::InvariantChecker<Raw>;
  using Tally = internal::ChainTally;

 public:
  explicit IncrementalInvariants(const MapT& m) : m_(m) {}

  // Before an op on `key` (nullptr: the op has no key, e.g. an iterator
  // step): where the key hashes now (a delete that empties the map reseeds
  // hash0, so after the op it would hash elsewhere) and what growWork will
  // start from.
  template <class Arg>
  void before_op(const Arg* key) {
    const auto& raw = DebugAccess::raw(m_);
    laws_.before(raw);
    before_ = {raw.buckets(), raw.oldbuckets(), raw.header().nevacuate};
    key_hash_.reset();
    evacuable_.clear();
    unknown_key_ = key && !Raw::arg_is_self_equal(*key);  // NaN: random
    if (!key || unknown_key_) return;
    key_hash_ = raw.hash_of_arg(*key);
    if (raw.oldbuckets()) note_evacuable(*key_hash_);
  }

  // After the op. `force_full`: the caller knows the op replaced the map's
  // memory (clear) or wants a full check anyway.
  std::vector<Violation> after_op(bool force_full) {
    const auto& raw = DebugAccess::raw(m_);
    if (force_full || !cache_ || unknown_key_ ||
        raw.buckets() != before_.buckets ||
        raw.oldbuckets() != before_.oldbuckets) {
      return full();
    }
    Checker c(raw, &scratch_);
    c.begin();
    if (key_hash_) recheck_touched(c, *key_hash_);
    if (c.chains_broken()) {
      spare_ = std::move(*cache_);
      cache_.reset();  // a later op's totals cannot trust the tallies
      return with_laws(c.take());
    }
    c.check_evacuated_below(before_.nevacuate, raw.header().nevacuate);
    c.finish(cache_->current_total, cache_->old_total, /*walked_all=*/false);
    return with_laws(c.take());
  }

  // Every chain, and the tallies cached for the next ops (in vectors kept
  // from the last full check, so that a full check allocates nothing once
  // the map stops growing).
  std::vector<Violation> full() {
    Cache cache = cache_ ? std::move(*cache_) : std::move(spare_);
    cache_.reset();
    cache.current.clear();
    cache.old.clear();
    cache.current_total = {};
    cache.old_total = {};
    std::vector<Violation> v = Checker(DebugAccess::raw(m_), &scratch_)
                                   .run(&cache.current, &cache.old);
    ++full_checks_;
    if (!v.empty()) {
      spare_ = std::move(cache);
      return with_laws(std::move(v));
    }
    for (const Tally& t : cache.current) cache.current_total += t;
    for (const Tally& t : cache.old) cache.old_total += t;
    cache_ = std::move(cache);
    return with_laws(std::move(v));
  }

  uint64_t full_checks() const { return full_checks_; }

 private:
  struct Cache {
    std::vector<Tally> current, old;  // per chain
    internal::TallyTotal current_total, old_total;
  };
  struct Before {
    const void* buckets = nullptr;
    const void* oldbuckets = nullptr;
    uint64_t nevacuate = 0;
  };

  // The op's transition laws (op_laws.h) after its state's invariants.
  std::vector<Violation> with_laws(std::vector<Violation> v) {
    for (Violation& l : laws_.after(DebugAccess::raw(m_)))
      v.push_back(std::move(l));
    return v;
  }

  void recheck(Checker& c, uint64_t x, bool old) {
    auto& tallies = old ? cache_->old : cache_->current;
    auto& total = old ? cache_->old_total : cache_->current_total;
    if (x >= tallies.size()) return;
    const Tally t = c.check_chain(x, old);
    total -= tallies[x];
    total += t;
    tallies[x] = t;
  }

  // The old buckets growWork(hash) can evacuate: evacuate(hash & oldmask),
  // then evacuate(nevacuate); when the first was nevacuate itself,
  // advanceEvacuationMark has moved nevacuate on to the next bucket not
  // evacuated yet (at most 1024 on), and that one goes second.
  void note_evacuable(uint64_t hash) {
    const auto& raw = DebugAccess::raw(m_);
    const uint64_t nold = raw.noldbuckets();
    const uint64_t first = hash & (nold - 1), nev = before_.nevacuate;
    evacuable_.push_back(first);
    if (first != nev) {
      evacuable_.push_back(nev);
      return;
    }
    constexpr uint64_t kMaxMarkAdvance = 1024;  // advanceEvacuationMark's
    for (uint64_t x = nev + 1; x < nold && x <= nev + kMaxMarkAdvance; ++x) {
      if (!is_evacuated_marker(raw.oldbuckets()[x].tophash[0])) {
        evacuable_.push_back(x);
        return;
      }
    }
  }

  // k's chain, and while growing the old buckets growWork can have
  // evacuated with their X and Y halves.
  void recheck_touched(Checker& c, uint64_t hash) {
    const uint64_t nbuckets = cache_->current.size();
    if (nbuckets == 0) return;
    recheck(c, hash & (nbuckets - 1), false);
    const uint64_t nold = cache_->old.size();
    for (uint64_t ob : evacuable_) {
      if (ob >= nold) continue;
      recheck(c, ob, true);
      recheck(c, ob, false);
      if (nold != nbuckets) recheck(c, ob + nold, false);
    }
  }

  const MapT& m_;
  std::optional<Cache> cache_;
  Cache spare_;  // the vectors of a dropped cache, for the next full()
  internal::CheckerScratch scratch_;
  OpLaws<Raw> laws_;
  Before before_;
  std::optional<uint64_t> key_hash_;
  std::vector<uint64_t> evacuable_;  // old buckets this op may evacuate
  bool unknown_key_ = false;
  uint64_t full_checks_ = 0;
};

}  // namespace mapcore

#endif  // MAPCORE_INVARIANTS_H_
