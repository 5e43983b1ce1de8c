// RawMap: Go 1.19's map (runtime/map.go), ported to C++.
//
// A map is an array of 2^B buckets. Each bucket holds up to 8 key/value pairs
// and the top byte of each key's hash (the "tophash"), so a lookup compares
// bytes before it compares keys. The low B bits of the hash pick the bucket.
// More than 8 keys in a bucket chain extra "overflow" buckets behind it.
//
// When the average load would pass 6.5 keys a bucket, the map doubles: a new
// array of 2^(B+1) buckets is allocated and the old buckets are copied into it
// incrementally, two at a time, by the writes that follow (growWork). An old
// bucket i splits into new buckets i ("X") and i + 2^B ("Y") by the next hash
// bit. When too many overflow buckets pile up without the map being full (after
// churn of inserts and deletes), the map "grows" to the same size instead,
// which packs the chains again. Keys never move inside a bucket, so an
// iterator that walks a bucket while the map changes yields each key once.
//
// Everything that Go does is done here in the same order with the same
// arithmetic, because the Go oracle compares this map with the real runtime
// after every operation: layout, tophash bytes, stale slots and all. Where this
// port must differ (C++ has no garbage collector; allocation can fail), the
// difference lives in clearly named places:
//
//   * Ownership. Go's GC keeps an old bucket array alive while an iterator
//     still walks it, and frees overflow buckets once unreachable. Here every
//     allocation is a block (block_allocator.h), and BlockOwnership
//     (block_ownership.h) knows each array's heap overflow buckets and parks
//     memory that a live iterator may still read until the last iterator
//     closes.
//   * Strong guarantee. Go never sees malloc fail. Here every allocation an
//     operation can need is made *before* the map changes: the write's own
//     code (map_assign, grow_work) runs first in Count mode and reserves
//     what it will take into a WriteReservation (raw_map_planning.h,
//     allocation_plan.h), so an allocation failure leaves the map exactly
//     as it was.
//     Go takes the same steps afterwards, drawing overflow buckets from the
//     preallocated pool first, then from the reservation.
//   * Randomness comes from a seeded RandomSource instead of fastrand().
//   * Under AddressSanitizer, memory the map holds but must not touch is
//     poisoned (sanitizer.h): the preallocated overflow buckets not handed
//     out yet, reserved blocks not taken yet, and memory parked for open
//     iterators, which only mapiternext may still read (it unpoisons what it
//     walks). A stray access is then a crash where it happens.
//   * The hashWriting flag is a relaxed atomic, so the detection itself is not
//     a data race; the misuse it detects still is.
//
// The public container is Map (map.h); introspection (stats, layout dump,
// invariant checker) reads this class through its inspection surface only.
//
// Files: this one is the algorithm (Go's code, in Go's order);
// raw_map_planning.h the planner that works out a write's allocations
// before it runs; allocation_plan.h the planner's data (the reservation, a
// growWork's plan); block_ownership.h who frees which block, and when.
#ifndef MAPCORE_RAW_MAP_H_
#define MAPCORE_RAW_MAP_H_

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <type_traits>
#include <utility>

#include "mapcore/allocation_plan.h"
#include "mapcore/block_allocator.h"
#include "mapcore/block_ownership.h"
#include "mapcore/bucket.h"
#include "mapcore/constants.h"
#include "mapcore/hash/hashers.h"
#include "mapcore/key_policy.h"
#include "mapcore/misuse.h"
#include "mapcore/random_source.h"
#include "mapcore/sanitizer.h"
#include "mapcore/size_classes.h"

namespace mapcore {

// An explicit iteration start (Go's hiter.startBucket and hiter.offset), to
// replay an order recorded elsewhere, e.g. from the real Go runtime.
struct IterStart {
  uint64_t bucket = 0;
  uint8_t offset = 0;

  friend bool operator==(const IterStart&, const IterStart&) = default;
};

template <MapKey K, class V, Hasher H, class Alloc>
class RawMap {
 public:
  using key_type = K;
  using value_type = V;
  using KP = KeyPolicy<K>;
  using Arg = typename KP::Arg;
  using KeySlot = SlotOf<K, kMaxKeySize>;
  using ValueSlot = SlotOf<V, kMaxElemSize>;
  using BucketT = Bucket<KeySlot, ValueSlot>;
  using Blocks = BlockAllocator<Alloc>;

  static constexpr bool kIndirectKey = sizeof(K) > kMaxKeySize;
  static constexpr bool kIndirectValue = sizeof(V) > kMaxElemSize;
  // Go's t.bucket.ptrdata != 0: the bucket holds pointers, so evacuation and
  // deletion clear memory that would otherwise keep objects alive.
  static constexpr bool kBucketHasPointers =
      KP::kHasPointers || kIndirectKey || kIndirectValue;
  // Go's compiler uses mapassign_fast*/mapdelete_fast* for these key kinds
  // when the value fits inline; mapdelete_faststr keeps a string's length.
  static constexpr bool kFastPath =
      KP::kHasFastPath && sizeof(V) <= kMaxElemSize;
  // ... and mapaccess1/2_fast32/_fast64 for the fixed-size keys among them
  // (mapaccess_faststr searches as the generic path does, tophash first: a
  // deleted string keeps its length with a nil pointer).
  static constexpr bool kFastAccess = kFastPath && !KP::kIsString;
  static constexpr uint64_t kBucketSize = sizeof(BucketT);
  // hiter's checkBucket sentinel: "no bucket to filter by".
  static constexpr uint64_t kNoCheck = ~uint64_t{0};

  static_assert(std::is_trivially_copyable_v<K>, "keys are moved by memcpy");
  static_assert(std::is_trivially_copyable_v<V>, "values are moved by memcpy");
  static_assert(alignof(K) <= 8 && alignof(V) <= 8,
                "Go rejects key/elem alignment above 8 (reflect_makemap)");
  static_assert(offsetof(BucketT, keys) == kDataOffset);
  static_assert(kBucketSize % alignof(BucketT*) == 0);

  // makemap(t, hint): draws hash0, picks B for the hint, and allocates the
  // bucket array unless B == 0 (then the first insert allocates one bucket).
  RawMap(int64_t hint, const H& hasher, uint64_t seed, const Alloc& alloc)
      : hasher_(hasher), blocks_(alloc), owned_(blocks_), rng_(seed) {
    if (bogus_hint(hint)) hint = 0;
    hash0_ = rng_.next_hash0();
    B_ = b_for_hint(hint);
    if (B_ != 0) {
      const ArrayShape shape = array_shape(B_);
      buckets_ = allocate_array(shape);
      array_len_ = shape.len;
      next_overflow_ = pool_start(buckets_, shape);
      poison_unused_pool();
    }
  }

  RawMap(const RawMap&) = delete;
  RawMap& operator=(const RawMap&) = delete;

  ~RawMap() {
    release_contents_of_array(buckets_, array_len_, /*old=*/false);
    release_contents_of_array(oldbuckets_, old_array_len_, /*old=*/true);
    owned_.free_all(buckets_, oldbuckets_);
  }

  int64_t size() const { return count_; }

  // mapaccess2: the value for key, or nullptr.
  V* find(Arg key) {
    if (count_ == 0) return nullptr;
    if (flags() & kFlagHashWriting) {
      report_misuse(MisuseKind::kConcurrentReadWrite);
    }
    SlotRef ref;
    if constexpr (kFastAccess) {
      ref = locate_fast(key);
    } else {
      ref = locate(hash_of(key), key);
    }
    return ref.b ? &value_ref(ref.b, ref.i) : nullptr;
  }

  // mapassign: the value slot of key, inserted (zero-valued) when absent.
  // Strong guarantee: if an allocation throws, the map is unchanged.
  struct AssignResult {
    V* elem;     // valid until the next write
    bool added;  // the key was new
  };
  AssignResult assign_slot(Arg key) {
    if (flags() & kFlagHashWriting) {
      report_misuse(MisuseKind::kConcurrentWrites);
    }
    const uint64_t hash = hash_of(key);
    if (std::optional<AssignResult> done = assign_in_place(key, hash)) {
      return *done;
    }
    Reservation r(blocks_);
    // May throw: nothing changed yet.
    plan_while_writing([&] { reserve_for_assign(key, hash, r); });
    const AssignResult result = assign_reserved(key, hash, r);
    finish_write();
    return result;
  }

  // mapassign's common case in one pass, without planning: no growth under
  // way or due (so no evacuation and no hashGrow) and a key and value stored
  // inline (so the one possible allocation is an overflow bucket for a full
  // chain, made before anything changes). The planned path costs a second
  // walk of the chain and ~200 instructions an insert, enough to keep the
  // CPU from overlapping one insert's cache miss with the next one's (bench/
  // README.md: insert_hint of 10^6 uint64 keys, 252 -> 137 ns). nullopt,
  // with nothing touched, when the planned path must do it.
  std::optional<AssignResult> assign_in_place(Arg key, uint64_t hash) {
    if constexpr (KP::kOwnsBytes || kIndirectKey || kIndirectValue) {
      return std::nullopt;  // a new key needs a block of its own
    } else {
      if (buckets_ == nullptr || growing() ||
          over_load_factor(count_ + 1, B_) ||
          too_many_overflow_buckets(noverflow_, B_)) {
        return std::nullopt;
      }
      set_flags(flags() ^ kFlagHashWriting);  // Go: right after the hash
      const uint8_t top = tophash_of(hash);
      ChainSearch s =
          search_chain(buckets_ + (hash & bucket_mask(B_)), top, key);
      if (s.found_b != nullptr) {
        finish_write();
        return AssignResult{&value_ref(s.found_b, s.found_i), false};
      }
      if (s.insert_b == nullptr) {  // the chain is full: newoverflow
        Reservation r(blocks_);
        try {
          reserve_spares(1, r);  // allocates only if the pool is empty
        } catch (...) {
          set_flags(flags() & ~kFlagHashWriting);
          throw;
        }
        s.insert_b = new_overflow(s.last, r);
        s.insert_i = 0;
      }
      s.insert_b->keys[s.insert_i] = inline_key(key);
      s.insert_b->tophash[s.insert_i] = top;
      ++count_;
      finish_write();
      return AssignResult{&value_ref(s.insert_b, s.insert_i), true};
    }
  }

  // m[key] = value. Returns true when the key was new.
  bool assign(Arg key, const V& value) {
    const AssignResult r = assign_slot(key);
    *r.elem = value;
    return r.added;
  }

  // mapdelete: removes key. Returns true when it was present.
  bool erase(Arg key) {
    if (count_ == 0) return false;
    if (flags() & kFlagHashWriting) {
      report_misuse(MisuseKind::kConcurrentWrites);
    }
    const uint64_t hash = hash_of(key);
    Reservation r(blocks_);
    plan_while_writing([&] {
      if (growing()) {
        reserve_overflow(plan_grow_work(hash & bucket_mask(B_)), r);
      }
    });
    const bool removed = erase_reserved(key, hash, r);
    finish_write();
    return removed;
  }

  // mapclear: empties the map but keeps B and the bucket array (zeroed), as
  // Go 1.19 does for `for k := range m { delete(m, k) }`.
  void clear() {
    if (count_ == 0) return;
    if (flags() & kFlagHashWriting) {
      report_misuse(MisuseKind::kConcurrentWrites);
    }
    set_flags(flags() ^ kFlagHashWriting);
    set_flags(flags() & ~kFlagSameSizeGrow);
    release_contents_of_array(oldbuckets_, old_array_len_, /*old=*/true);
    owned_.release_old_generation(oldbuckets_);
    oldbuckets_ = nullptr;
    old_array_len_ = 0;
    nevacuate_ = 0;
    noverflow_ = 0;
    count_ = 0;
    // Reseed so an attacker cannot keep reusing a collision set (Go #25237).
    hash0_ = rng_.next_hash0();
    next_overflow_ = nullptr;  // *h.extra = mapextra{}
    release_contents_of_array(buckets_, array_len_, /*old=*/false);
    owned_.release_current_overflow();
    // makeBucketArray(t, h.B, h.buckets): re-zero and rebuild the pool.
    const ArrayShape shape = array_shape_of_len(B_, array_len_);
    unpoison_memory(buckets_, array_len_ * kBucketSize);
    std::memset(static_cast<void*>(buckets_), 0, array_len_ * kBucketSize);
    next_overflow_ = pool_start(buckets_, shape);
    poison_unused_pool();
    finish_write();
  }

  // ---- Iteration: Go's hiter, mapiterinit and mapiternext. ----

  struct IterState {
    K* key = nullptr;  // current key, or nullptr once done
    ValueSlot* elem_slot = nullptr;
    V* elem = nullptr;
    BucketT* buckets = nullptr;  // bucket array at mapiterinit time
    BucketT* bptr = nullptr;     // current bucket
    uint64_t start_bucket = 0;
    uint8_t offset = 0;  // slot order inside a bucket: (i + offset) & 7
    bool wrapped = false;
    uint8_t B = 0;
    uint8_t i = 0;
    uint64_t bucket = 0;
    uint64_t check_bucket = 0;
    bool attached = false;  // false when the map was empty at init
  };

  // mapiterinit: snapshot B and the array, pick the start, fetch the first
  // entry. `start` replays a given order instead of drawing one.
  void iter_init(IterState& it, std::optional<IterStart> start) {
    it = IterState{};
    if (count_ == 0) return;
    it.attached = true;
    it.B = B_;
    it.buckets = buckets_;
    if (start) {
      it.start_bucket = start->bucket & bucket_mask(B_);
      it.offset = start->offset & (kBucketCnt - 1);
    } else {
      uint64_t r = rng_.next_iteration_start();
      if (B_ <= 31 - kBucketCntBits) r = static_cast<uint32_t>(r);  // fastrand
      it.start_bucket = r & bucket_mask(B_);
      it.offset = static_cast<uint8_t>((r >> B_) & (kBucketCnt - 1));
    }
    it.bucket = it.start_bucket;
    // Remember there is an iterator: evacuation must then keep old buckets'
    // contents and send NaNs by their tophash, as the iterator decides.
    flags_.fetch_or(kFlagIterator | kFlagOldIterator,
                    std::memory_order_relaxed);
    iter_next(it);
  }

  // mapiternext: advance to the next entry; it.key == nullptr at the end.
  void iter_next(IterState& it) {
    if (!it.attached) return;
    if (flags() & kFlagHashWriting) {
      report_misuse(MisuseKind::kConcurrentIterationWrite);
    }
    uint64_t bucket = it.bucket;
    BucketT* b = it.bptr;
    unsigned i = it.i;
    uint64_t check_bucket = it.check_bucket;
    for (;;) {
      if (b == nullptr) {
        if (bucket == it.start_bucket && it.wrapped) {
          it.key = nullptr;
          it.elem = nullptr;
          it.elem_slot = nullptr;
          return;
        }
        b = iter_bucket(it, bucket, check_bucket);
        ++bucket;
        if (bucket == bucket_shift(it.B)) {
          bucket = 0;
          it.wrapped = true;
        }
        i = 0;
      }
      reveal_for_iterator(b, kBucketSize);
      for (; i < kBucketCnt; ++i) {
        if (iter_yield(it, b, (i + it.offset) & (kBucketCnt - 1),
                       check_bucket)) {
          it.bucket = bucket;
          it.bptr = b;
          it.i = static_cast<uint8_t>(i + 1);
          it.check_bucket = check_bucket;
          return;
        }
      }
      b = b->overflow;
      i = 0;
    }
  }

  // The current entry of an iterator may lie in memory parked since it was
  // yielded (a write in the loop body finished a growth): Go's GC keeps it
  // readable, and so must mapcore (under ASan parked memory is poisoned, see
  // reveal_for_iterator). Map::Iterator's accessors call this first.
  void reveal_entry(const IterState& it) const {
    if constexpr (kAddressSanitizer) {
      if (it.key == nullptr || !owned_.has_parked()) return;
      reveal_for_iterator(it.key, sizeof(K));
      reveal_for_iterator(it.elem, sizeof(V));
      if constexpr (KP::kOwnsBytes) {
        if (it.key->ptr != nullptr) {
          reveal_for_iterator(it.key->ptr,
                              Blocks::header_of(it.key->ptr)->payload_bytes);
        }
      }
    } else {
      (void)it;
    }
  }

  // Iterators pin memory: while any is open, freed memory is retired instead.
  void iterator_opened() { owned_.iterator_opened(); }
  void iterator_closed() { owned_.iterator_closed(); }

  // ---- Inspection surface (what Go's export_test.go offers its tests). ----

  struct Header {
    int64_t count;
    uint8_t flags;
    uint8_t B;
    uint16_t noverflow;
    uint32_t hash0;
    uint64_t nevacuate;
  };
  Header header() const {
    return {count_, flags(), B_, noverflow_, hash0_, nevacuate_};
  }
  const BucketT* buckets() const { return buckets_; }
  const BucketT* oldbuckets() const { return oldbuckets_; }
  uint64_t array_len() const { return array_len_; }
  uint64_t old_array_len() const { return old_array_len_; }
  const BucketT* next_overflow() const { return next_overflow_; }
  // A copy of bucket `index` of the current array, pool included. The
  // unused pool is poisoned under ASan: introspection reads it only here.
  BucketT array_bucket(uint64_t index) const {
    const BucketT* b = buckets_ + index;
    const bool unused = next_overflow_ != nullptr && b >= next_overflow_;
    if (unused) unpoison_memory(b, kBucketSize);
    BucketT copy;
    std::memcpy(static_cast<void*>(&copy), b, kBucketSize);
    if (unused) poison_memory(b, kBucketSize);
    return copy;
  }
  bool growing() const { return oldbuckets_ != nullptr; }
  bool same_size_grow() const { return flags() & kFlagSameSizeGrow; }
  uint64_t noldbuckets() const {
    return bucket_shift(same_size_grow() ? B_ : B_ - 1);
  }
  const BlockList& overflow_blocks() const { return owned_.current_overflow(); }
  const BlockList& old_overflow_blocks() const { return owned_.old_overflow(); }
  const BlockList& retired_blocks() const { return owned_.parked(); }
  const Blocks& blocks() const { return blocks_; }
  int live_iterators() const { return owned_.live_iterators(); }
  uint64_t plan_misses() const { return plan_misses_; }
  // Growths started over the map's life (mapcore's counters; Go has none).
  uint64_t doublings() const { return doublings_; }
  uint64_t same_size_growths() const { return same_size_growths_; }
  uint64_t hash0_draws() const { return rng_.hash0_draws(); }
  const H& hasher() const { return hasher_; }

  // Calls f(bucket, slot, in_old_array) for every live slot that owns its
  // key: current chains, and old chains not evacuated yet.
  template <class F>
  void for_each_live_slot(F&& f) const {
    if (buckets_) {
      for (uint64_t x = 0; x < bucket_shift(B_); ++x) {
        for (const BucketT* b = buckets_ + x; b; b = b->overflow) {
          for (int i = 0; i < kBucketCnt; ++i) {
            if (b->tophash[i] >= kMinTopHash) f(b, i, false);
          }
        }
      }
    }
    if (oldbuckets_) {
      for (uint64_t x = 0; x < noldbuckets(); ++x) {
        if (bucket_evacuated(oldbuckets_ + x)) continue;
        for (const BucketT* b = oldbuckets_ + x; b; b = b->overflow) {
          for (int i = 0; i < kBucketCnt; ++i) {
            if (b->tophash[i] >= kMinTopHash) f(b, i, true);
          }
        }
      }
    }
  }
  // f(key, value) for every live entry (Map::for_each_entry).
  template <class F>
  void for_each_live_entry(F& f) const {
    for_each_live_slot([&](const BucketT* b, int i, bool) {
      f(KP::arg_of(*key_ptr(b, i)), *value_ptr(b, i));
    });
  }

  // The hash and tophash Go would compute for a stored key now (NaN: random).
  uint64_t hash_of_stored(const K& k) const { return hash_of(KP::arg_of(k)); }
  // The same for a key as passed to an operation. Not for a NaN (false
  // below): its hash would draw from the map's random source.
  uint64_t hash_of_arg(Arg key) const { return hash_of(key); }
  static bool arg_is_self_equal(Arg key) {
    if constexpr (std::is_floating_point_v<std::decay_t<Arg>>) {
      return key == key;
    } else {
      return true;
    }
  }
  static bool key_is_self_equal(const K& k) {
    return KP::equal(k, KP::arg_of(k));
  }
  static const K* key_ptr(const BucketT* b, int i) {
    if constexpr (kIndirectKey) {
      return b->keys[i];
    } else {
      return &b->keys[i];
    }
  }
  static const V* value_ptr(const BucketT* b, int i) {
    if constexpr (kIndirectValue) {
      return b->elems[i];
    } else {
      return &b->elems[i];
    }
  }
  // Go's makeBucketArray sizing: 2^B buckets plus 2^(B-4) preallocated
  // overflow buckets for B >= 4, rounded up to the malloc size class.
  struct ArrayShape {
    uint64_t base;  // 2^B
    uint64_t len;   // buckets in the array, preallocated ones included
  };
  static ArrayShape array_shape(uint8_t b) {
    const uint64_t base = bucket_shift(b);
    uint64_t n = base;
    if (b >= 4) {
      // The expected overflow buckets for the median number of elements at
      // this B; rounding up to the size class gives more for free.
      n += bucket_shift(b - 4);
      const uint64_t sz = kBucketSize * n;
      const uint64_t up = go_roundupsize(sz);
      if (up != sz) n = up / kBucketSize;
    }
    return {base, n};
  }

 private:
  struct SlotRef {
    BucketT* b = nullptr;
    int i = 0;
  };

  using Reservation = WriteReservation<Blocks, BucketT>;

  // ---- Small helpers. ----

  static constexpr uint64_t bucket_shift(uint8_t b) {
    return uint64_t{1} << (b & 63);
  }
  static constexpr uint64_t bucket_mask(uint8_t b) {
    return bucket_shift(b) - 1;
  }
  uint8_t flags() const { return flags_.load(std::memory_order_relaxed); }
  void set_flags(unsigned f) {
    flags_.store(static_cast<uint8_t>(f), std::memory_order_relaxed);
  }
  uint64_t oldbucket_mask() const { return noldbuckets() - 1; }

  static K& key_ref(BucketT* b, int i) {
    if constexpr (kIndirectKey) {
      return *b->keys[i];
    } else {
      return b->keys[i];
    }
  }
  static V& value_ref(BucketT* b, int i) {
    if constexpr (kIndirectValue) {
      return *b->elems[i];
    } else {
      return b->elems[i];
    }
  }
  static bool bucket_evacuated(const BucketT* b) {
    return is_evacuated_marker(b->tophash[0]);
  }

  // Go's fastrand is global state; here the NaN hash draws from rng_, which
  // is why a logically const lookup may advance it.
  uint64_t hash_of(Arg key) const {
    return KP::hash(hasher_, key, uint64_t{hash0_}, rng_);
  }

  // A hint Go ignores: negative, or hint * bucketsize overflows or exceeds
  // maxAlloc (makemap; Go issue 19926).
  static bool bogus_hint(int64_t hint) {
    const unsigned __int128 mem =
        static_cast<unsigned __int128>(static_cast<uint64_t>(hint)) *
        kBucketSize;
    return mem > kMaxAlloc;
  }

  // Sets hashWriting, then plans the write's allocations. Go sets the flag
  // right after hashing the key (mapassign, mapdelete), so everything after
  // the hash, planning included, is inside the window that another thread's
  // check can see; planning outside it let two writers race undetected on
  // the plan (chaos/tests/misuse_guarantee_test.cc). If planning throws,
  // nothing changed but the flag, which is cleared again.
  template <class Plan>
  void plan_while_writing(Plan&& plan) {
    set_flags(flags() ^ kFlagHashWriting);
    try {
      plan();
    } catch (...) {
      set_flags(flags() & ~kFlagHashWriting);
      throw;
    }
  }

  // finishes a write: Go re-checks hashWriting, then clears it.
  void finish_write() {
    if (!(flags() & kFlagHashWriting)) {
      report_misuse(MisuseKind::kConcurrentWrites);
    }
    set_flags(flags() & ~kFlagHashWriting);
  }

  // The bucket a lookup starts from: the old one while it is not evacuated.
  BucketT* lookup_bucket(uint64_t hash) const {
    uint64_t m = bucket_mask(B_);
    BucketT* b = buckets_ + (hash & m);
    if (oldbuckets_) {
      if (!same_size_grow()) m >>= 1;  // the old array had half the buckets
      BucketT* oldb = oldbuckets_ + (hash & m);
      if (!bucket_evacuated(oldb)) b = oldb;
    }
    return b;
  }

  // mapaccessK's search: the slot holding key.
  SlotRef locate(uint64_t hash, Arg key) const {
    BucketT* b = lookup_bucket(hash);
    const uint8_t top = tophash_of(hash);
    for (; b; b = b->overflow) {
      for (int i = 0; i < kBucketCnt; ++i) {
        if (b->tophash[i] != top) {
          if (b->tophash[i] == kEmptyRest) return {};
          continue;
        }
        if (KP::equal(key_ref(b, i), key)) return {b, i};
      }
    }
    return {};
  }

  // mapaccess2_fast64/_fast32's search (map_fast64.go): Go compares the
  // keys themselves, a whole chain long (no emptyRest exit), and does not
  // hash a one-bucket map (at B = 0 a growth ends inside the op that starts
  // it, so there is no old bucket to look in). Same answers as locate(): the
  // is_empty test skips the stale keys the fast deletes leave in their slots.
  SlotRef locate_fast(Arg key) {
    BucketT* b = B_ == 0 ? buckets_ : lookup_bucket(hash_of(key));
    for (; b; b = b->overflow) {
      for (int i = 0; i < kBucketCnt; ++i) {
        if (KP::equal(key_ref(b, i), key) && !is_empty(b->tophash[i])) {
          return {b, i};
        }
      }
    }
    return {};
  }

  // ---- Bucket arrays and overflow buckets. ----

  static ArrayShape array_shape_of_len(uint8_t b, uint64_t len) {
    return {bucket_shift(b), len};
  }
  BucketT* allocate_array(ArrayShape shape) {
    return static_cast<BucketT*>(blocks_.allocate(shape.len * kBucketSize));
  }
  // The preallocated pool: the buckets past 2^B. Go marks the last one with a
  // non-nil overflow pointer (the array itself) as "end of pool".
  static BucketT* pool_start(BucketT* array, ArrayShape shape) {
    if (shape.base == shape.len) return nullptr;
    array[shape.len - 1].overflow = array;
    return array + shape.base;
  }
  // Under ASan the pool's buckets not handed out yet are poisoned: only
  // new_overflow takes one, unpoisoning it first.
  void poison_unused_pool() const {
    if (next_overflow_ == nullptr) return;
    poison_memory(next_overflow_, pool_available() * kBucketSize);
  }
  uint64_t pool_available() const {
    return next_overflow_
               ? array_len_ - static_cast<uint64_t>(next_overflow_ - buckets_)
               : 0;
  }

  // newoverflow: the next preallocated bucket, else a new one.
  BucketT* new_overflow(BucketT* b, Reservation& r) {
    BucketT* ovf;
    if (next_overflow_ != nullptr) {
      ovf = next_overflow_;
      unpoison_memory(ovf, kBucketSize);
      if (ovf->overflow == nullptr) {
        ++next_overflow_;  // not the last: bump the pointer
      } else {
        ovf->overflow = nullptr;  // the last: drop the sentinel
        next_overflow_ = nullptr;
      }
    } else {
      BlockHeader* h = r.take_spare();
      if (h == nullptr) {
        // The plan underestimated: still correct, but this allocation could
        // fail mid-operation. check_invariants() reports plan_misses.
        ++plan_misses_;
        h = Blocks::header_of(blocks_.allocate(kBucketSize));
      }
      owned_.own_overflow(h);
      ovf = Blocks::template payload_of<BucketT>(h);
    }
    incr_noverflow();
    b->overflow = ovf;
    return ovf;
  }

  // incrnoverflow: exact below B = 16; above, +1 with probability
  // 1/2^(B-15), so that a uint16 still reaches "as many as buckets".
  void incr_noverflow() {
    if (B_ < 16) {
      ++noverflow_;
      return;
    }
    const uint32_t mask = (uint32_t{1} << (B_ - 15)) - 1;
    if ((rng_.next_misc32() & mask) == 0) ++noverflow_;
  }

  // ---- Freeing what Go's GC would collect (see BlockOwnership). ----

  // The blocks a live slot owns: string bytes, out-of-line key and value.
  void release_slot_contents(BucketT* b, int i) {
    if constexpr (kIndirectKey) {
      if (b->keys[i]) owned_.release(Blocks::header_of(b->keys[i]));
    } else if constexpr (KP::kOwnsBytes) {
      if (b->keys[i].ptr) owned_.release(Blocks::header_of(b->keys[i].ptr));
    }
    if constexpr (kIndirectValue) {
      if (b->elems[i]) owned_.release(Blocks::header_of(b->elems[i]));
    }
  }
  // Contents of every live slot of an array's chains. In an old array only
  // unevacuated buckets own their keys: evacuation moved the others.
  void release_contents_of_array(BucketT* array, uint64_t len, bool old) {
    if constexpr (kIndirectKey || kIndirectValue || KP::kOwnsBytes) {
      if (array == nullptr) return;
      const uint64_t n = old ? noldbuckets_for_release() : bucket_shift(B_);
      (void)len;
      for (uint64_t x = 0; x < n; ++x) {
        if (old && bucket_evacuated(array + x)) continue;
        for (BucketT* b = array + x; b; b = b->overflow) {
          for (int i = 0; i < kBucketCnt; ++i) {
            if (b->tophash[i] >= kMinTopHash) release_slot_contents(b, i);
          }
        }
      }
    } else {
      (void)array, (void)len, (void)old;
    }
  }
  uint64_t noldbuckets_for_release() const {
    return oldbuckets_ ? noldbuckets() : 0;
  }

  // ---- Allocation planning (raw_map_planning.h, allocation_plan.h). ----
  // Before a write changes anything: plan_grow_work runs growWork in Count
  // mode; reserve_for_assign runs mapassign (map_assign, below) in Count
  // mode, which reserves what each of its branches may take.

  static int64_t chain_entries(const BucketT* b);
  static bool chain_has_free_slot(const BucketT* b);
  bool planned_evacuated(const GrowPlan& p, uint64_t ob) const;
  GrowPlan plan_grow_work(uint64_t bucket);
  void reserve_overflow(const GrowPlan& p, Reservation& r);
  void reserve_spares(uint64_t needed, Reservation& r);
  void reserve_spares_beyond(uint64_t needed, uint64_t pool, Reservation& r);
  bool insert_needs_overflow(const GrowPlan* p, uint64_t bucket) const;
  void reserve_for_assign(Arg key, uint64_t hash, Reservation& r);
  void reserve_key_storage(Arg key, Reservation& r);

  // ---- mapassign, written once over a mode. ----
  // Go's mapassign (after hashing the key and setting hashWriting): the
  // branches run in Go's order over a Mode that says what each does.
  // AssignApply (below) does them, every allocation already in the write's
  // reservation; AssignCount (raw_map_planning.h) takes the same branches
  // before anything changes and reserves what each may take. A Mode
  // provides:
  //   no_array(), first_bucket()      newobject(t.bucket) for a map without
  //                                   an array (makemap_small's)
  //   B(), growing()                  the state the branch sees
  //   grow_work(bucket)               growWork before the write
  //   search(bucket) -> S, found(S)   the key's chain
  //   update(S) -> Result             the key was there
  //   growth_due(), hash_grow()       overLoadFactor/tooManyOverflowBuckets,
  //                                   then hashGrow and "goto again"
  //   insert(S, bucket) -> Result     a free slot, else newoverflow
  template <class Mode>
  typename Mode::Result map_assign(uint64_t hash, Mode& mode) {
    if (mode.no_array()) mode.first_bucket();
    for (;;) {  // "again": a growth restarts the search
      const uint64_t bucket = hash & bucket_mask(mode.B());
      if (mode.growing()) mode.grow_work(bucket);
      const auto s = mode.search(bucket);
      if (mode.found(s)) return mode.update(s);
      // Not found. Grow if overloaded or too many overflow buckets, unless
      // a growth is already under way.
      if (!mode.growing() && mode.growth_due()) {
        mode.hash_grow();
        continue;
      }
      return mode.insert(s, bucket);
    }
  }

  // mapassign's growth test, for both modes.
  static bool growth_due_at(int64_t count, uint8_t B, uint16_t noverflow) {
    return over_load_factor(count + 1, B) ||
           too_many_overflow_buckets(noverflow, B);
  }

  // mapassign's search of one chain: the slot holding key (its stored key
  // updated where Go updates it: +0 becomes -0), else the first empty slot
  // seen, if any, and the chain's last bucket visited (where newoverflow
  // links a new bucket). The search stops at emptyRest: nothing lives after
  // it.
  struct ChainSearch {
    BucketT* found_b = nullptr;
    int found_i = 0;
    BucketT* insert_b = nullptr;
    int insert_i = 0;
    BucketT* last = nullptr;
  };
  ChainSearch search_chain(BucketT* b, uint8_t top, Arg key) {
    ChainSearch s;
    for (;; b = b->overflow) {
      s.last = b;
      for (int i = 0; i < kBucketCnt; ++i) {
        if (b->tophash[i] != top) {
          if (is_empty(b->tophash[i]) && s.insert_b == nullptr) {
            s.insert_b = b;
            s.insert_i = i;
          }
          if (b->tophash[i] == kEmptyRest) return s;
          continue;
        }
        K& k = key_ref(b, i);
        if (!KP::equal(k, key)) continue;
        if constexpr (KP::kNeedKeyUpdate) k = key;  // +0 becomes -0
        s.found_b = b;
        s.found_i = i;
        return s;
      }
      if (b->overflow == nullptr) return s;
    }
  }

  // A key as an inline slot holds it: a SharedString is the caller's
  // pointer and length.
  static K inline_key(Arg key) {
    if constexpr (KP::kIsString) {
      return K{key.data(), static_cast<int64_t>(key.size())};
    } else {
      return key;
    }
  }

  // The new key, and for an out-of-line value a zeroed object. An inline
  // value slot is already zero: fresh, or cleared when its key was deleted
  // (Go issue 25936).
  void store_new_entry(BucketT* b, int i, uint8_t top, Arg key,
                       Reservation& r) {
    if constexpr (kIndirectKey) {
      K* kmem = static_cast<K*>(r.take(r.key_block));
      *kmem = key;
      b->keys[i] = kmem;
    } else if constexpr (KP::kOwnsBytes) {
      char* bytes = static_cast<char*>(r.take(r.key_block));
      if (bytes) std::memcpy(bytes, key.data(), key.size());
      b->keys[i] = K{bytes, static_cast<int64_t>(key.size())};
    } else {
      b->keys[i] = inline_key(key);
    }
    if constexpr (kIndirectValue) {
      b->elems[i] = static_cast<V*>(r.take(r.value_block));
    }
    b->tophash[i] = top;
  }

  // Apply mode: mapassign, with every allocation already made.
  struct AssignApply {
    using Result = AssignResult;
    RawMap& m;
    Arg key;
    uint8_t top;
    Reservation& r;

    bool no_array() const { return m.buckets_ == nullptr; }
    void first_bucket() {
      m.buckets_ = r.take(r.first_bucket);
      m.array_len_ = 1;
    }
    uint8_t B() const { return m.B_; }
    bool growing() const { return m.growing(); }
    void grow_work(uint64_t bucket) {
      ApplyStep step{m, r};
      m.grow_work(bucket, step);
    }
    ChainSearch search(uint64_t bucket) {
      return m.search_chain(m.buckets_ + bucket, top, key);
    }
    static bool found(const ChainSearch& s) { return s.found_b != nullptr; }
    Result update(const ChainSearch& s) {
      return {&m.value_ref(s.found_b, s.found_i), false};
    }
    bool growth_due() const {
      return growth_due_at(m.count_, m.B_, m.noverflow_);
    }
    void hash_grow() { m.hash_grow(r); }
    Result insert(ChainSearch s, uint64_t) {
      if (s.insert_b == nullptr) {
        s.insert_b = m.new_overflow(s.last, r);  // the chain is full
        s.insert_i = 0;
      }
      m.store_new_entry(s.insert_b, s.insert_i, top, key, r);
      ++m.count_;
      return {&m.value_ref(s.insert_b, s.insert_i), true};
    }
  };

  // Count mode: defined with the planner (raw_map_planning.h).
  struct AssignCount;

  AssignResult assign_reserved(Arg key, uint64_t hash, Reservation& r) {
    AssignApply mode{*this, key, tophash_of(hash), r};
    return map_assign(hash, mode);
  }

  // ---- mapdelete. ----

  bool erase_reserved(Arg key, uint64_t hash, Reservation& r) {
    const uint64_t bucket = hash & bucket_mask(B_);
    if (growing()) {
      ApplyStep step{*this, r};
      grow_work(bucket, step);
    }
    BucketT* b = buckets_ + bucket;
    BucketT* const b_orig = b;
    const uint8_t top = tophash_of(hash);
    for (; b; b = b->overflow) {
      for (int i = 0; i < kBucketCnt; ++i) {
        if (b->tophash[i] != top) {
          if (b->tophash[i] == kEmptyRest) return false;
          continue;
        }
        if (!KP::equal(key_ref(b, i), key)) continue;
        release_slot_contents(b, i);
        clear_deleted_slot(b, i);
        b->tophash[i] = kEmptyOne;
        propagate_empty_rest(b_orig, b, i);
        --count_;
        // Reseed when empty so collision sets cannot be reused (Go #25237).
        if (count_ == 0) hash0_ = rng_.next_hash0();
        return true;
      }
    }
    return false;
  }

  // What Go leaves in a deleted slot: pointer-free keys stay (stale), a
  // string keeps its length on the fast path, everything else is zeroed.
  static void clear_deleted_slot(BucketT* b, int i) {
    if constexpr (kIndirectKey) {
      b->keys[i] = nullptr;
    } else if constexpr (KP::kHasPointers) {
      if constexpr (kFastPath && KP::kIsString) {
        b->keys[i].ptr = nullptr;
      } else {
        std::memset(static_cast<void*>(&b->keys[i]), 0, sizeof(KeySlot));
      }
    }
    if constexpr (kIndirectValue) {
      b->elems[i] = nullptr;
    } else {
      std::memset(static_cast<void*>(&b->elems[i]), 0, sizeof(ValueSlot));
    }
  }

  // If the slot just emptied ends the chain's live entries, turn it and the
  // emptyOne slots before it into emptyRest, walking back across buckets.
  static void propagate_empty_rest(BucketT* b_orig, BucketT* b, int i) {
    if (i == kBucketCnt - 1) {
      if (b->overflow != nullptr && b->overflow->tophash[0] != kEmptyRest) {
        return;
      }
    } else if (b->tophash[i + 1] != kEmptyRest) {
      return;
    }
    for (;;) {
      b->tophash[i] = kEmptyRest;
      if (i == 0) {
        if (b == b_orig) return;  // beginning of the chain
        BucketT* c = b;
        for (b = b_orig; b->overflow != c; b = b->overflow) {
        }
        i = kBucketCnt - 1;
      } else {
        --i;
      }
      if (b->tophash[i] != kEmptyOne) return;
    }
  }

  // ---- Growth: hashGrow, growWork, evacuate, advanceEvacuationMark. ----

  void hash_grow(Reservation& r) {
    uint8_t bigger = 1;
    if (!over_load_factor(count_ + 1, B_)) {
      bigger = 0;
      set_flags(flags() | kFlagSameSizeGrow);
    }
    ++(bigger ? doublings_ : same_size_growths_);
    const ArrayShape shape = array_shape(B_ + bigger);
    BucketT* newbuckets = r.take(r.grow_array);
    if (newbuckets == nullptr) {  // unplanned: see plan_misses_
      ++plan_misses_;
      newbuckets = allocate_array(shape);
    }
    BucketT* next_overflow = pool_start(newbuckets, shape);

    unsigned f = flags() & ~(kFlagIterator | kFlagOldIterator);
    if (flags() & kFlagIterator) f |= kFlagOldIterator;
    B_ += bigger;
    set_flags(f);
    oldbuckets_ = buckets_;
    old_array_len_ = array_len_;
    buckets_ = newbuckets;
    array_len_ = shape.len;
    nevacuate_ = 0;
    noverflow_ = 0;
    owned_.current_becomes_old();
    if (next_overflow != nullptr) {
      next_overflow_ = next_overflow;
      poison_unused_pool();
    }
  }

  // growWork, evacuate and advanceEvacuationMark are written once, as Go
  // wrote them, over a Step that says what a step does: ApplyStep moves the
  // entries (Go's code), CountStep only tallies what the move will need
  // (entries per destination chain, overflow buckets, how far nevacuate
  // advances) into a GrowPlan, so that a write can allocate everything
  // before it changes the map. The modes take the same steps in the same
  // order; they differ only in what a step does. A Step provides:
  //   growing(), nevacuate(), evacuated(old bucket)   the state it sees
  //   destinations(old bucket, newbit) -> Dests        X and Y cursors
  //   skip_empty(b, i), move(b, i, side, dests)        one old slot
  //   done_with(old bucket, dests)                     after its chain
  //   set_nevacuate(n), growth_done()                  the evacuation mark

  template <class Step>
  void grow_work(uint64_t bucket, Step& step) {
    // The old bucket this write is about to use, then one more for progress.
    evacuate(bucket & oldbucket_mask(), step);
    if (step.growing()) evacuate(step.nevacuate(), step);
  }

  template <class Step>
  void evacuate(uint64_t oldbucket, Step& step) {
    const uint64_t newbit = noldbuckets();
    if (!step.evacuated(oldbucket)) {
      auto dests = step.destinations(oldbucket, newbit);
      for (BucketT* b = oldbuckets_ + oldbucket; b; b = b->overflow) {
        for (int i = 0; i < kBucketCnt; ++i) {
          if (is_empty(b->tophash[i])) {
            step.skip_empty(b, i);
          } else {
            step.move(b, i, evacuation_side<Step::kDrawsRandom>(b, i, newbit),
                      dests);
          }
        }
      }
      step.done_with(oldbucket, dests);
    }
    if (oldbucket == step.nevacuate()) advance_evacuation_mark(newbit, step);
  }

  template <class Step>
  void advance_evacuation_mark(uint64_t newbit, Step& step) {
    uint64_t n = step.nevacuate() + 1;
    const uint64_t stop = std::min(n + kMaxEvacuationScan, newbit);
    while (n != stop && step.evacuated(n)) ++n;
    step.set_nevacuate(n);
    if (n == newbit) step.growth_done();
  }

  // Where a live old slot's entry goes: X (same index) or Y (index +
  // newbit), by the next hash bit, and the tophash it takes along. A NaN's
  // hash is random and cannot be recomputed: with an iterator open its
  // tophash's low bit decides (an iterator must agree with the decision)
  // and it draws a fresh tophash so NaNs spread over later growths; without
  // one, a fresh random hash decides, which only a move can draw
  // (kDraw false: the side is not known).
  struct EvacuationSide {
    uint8_t use_y;
    uint8_t top;
    bool known;
  };
  template <bool kDraw>
  EvacuationSide evacuation_side(const BucketT* b, int i,
                                 uint64_t newbit) const {
    const uint8_t top = b->tophash[i];
    if (same_size_grow()) return {0, top, true};
    const K& k = *key_ptr(b, i);
    const bool nan = !KP::kReflexive && !key_is_self_equal(k);
    const bool iterator = flags() & kFlagIterator;
    const auto low_bit = static_cast<uint8_t>(top & 1);
    if constexpr (!kDraw) {
      if (nan) return {low_bit, top, iterator};
    }
    const uint64_t hash = hash_of(KP::arg_of(k));
    if (iterator && nan) return {low_bit, tophash_of(hash), true};
    return {static_cast<uint8_t>((hash & newbit) != 0), top, true};
  }

  // Apply mode: Go's evacuate. Overflow buckets come from the pool, then
  // from the write's reservation.
  struct EvacDst {
    BucketT* b;
    int i;
  };
  struct ApplyStep {
    static constexpr bool kDrawsRandom = true;
    struct Dests {
      EvacDst xy[2];
    };
    RawMap& m;
    Reservation& r;

    bool growing() const { return m.growing(); }
    uint64_t nevacuate() const { return m.nevacuate_; }
    bool evacuated(uint64_t ob) const {
      return bucket_evacuated(m.oldbuckets_ + ob);
    }
    Dests destinations(uint64_t ob, uint64_t newbit) const {
      Dests d{{{m.buckets_ + ob, 0}, {nullptr, 0}}};
      if (!m.same_size_grow()) d.xy[1].b = m.buckets_ + ob + newbit;
      return d;
    }
    void skip_empty(BucketT* b, int i) { b->tophash[i] = kEvacuatedEmpty; }
    void move(BucketT* b, int i, EvacuationSide side, Dests& d) {
      b->tophash[i] = kEvacuatedX + side.use_y;
      EvacDst& dst = d.xy[side.use_y];
      if (dst.i == kBucketCnt) {
        dst.b = m.new_overflow(dst.b, r);
        dst.i = 0;
      }
      dst.b->tophash[dst.i] = side.top;
      dst.b->keys[dst.i] = b->keys[i];    // moves ownership of any key block
      dst.b->elems[dst.i] = b->elems[i];  // and of any value block
      ++dst.i;
    }
    // Unlink the overflow buckets and clear keys/values so they stop
    // pinning memory, unless an iterator may still read them. The tophash
    // bytes stay: they hold the evacuation state.
    void done_with(uint64_t ob, const Dests&) {
      if (!(m.flags() & kFlagOldIterator) && kBucketHasPointers) {
        BucketT* head = m.oldbuckets_ + ob;
        std::memset(reinterpret_cast<char*>(head) + kDataOffset, 0,
                    kBucketSize - kDataOffset);
      }
    }
    void set_nevacuate(uint64_t n) { m.nevacuate_ = n; }
    // Growth is done: the old array and its overflow buckets go (or wait
    // for the iterators that may still walk them).
    void growth_done() {
      m.owned_.release_old_generation(m.oldbuckets_);
      m.oldbuckets_ = nullptr;
      m.old_array_len_ = 0;
      m.set_flags(m.flags() & ~kFlagSameSizeGrow);
    }
  };

  // Count mode: defined with the planner (raw_map_planning.h).
  struct CountStep;

  // ---- mapiternext's two halves. ----

  // What an iterator walks may be poisoned: parked memory (retired), or a
  // bucket of the current array that a clear put back into the unused pool
  // while the iterator stood in its chain (Go's iterator reads it, zeroed).
  // Then the bucket, and the blocks its slot points to (an out-of-line key
  // or value, string bytes), are unpoisoned. Only memory the map still
  // holds is: memory already freed stays poisoned, so a stale pointer is
  // still a use-after-free report.
  void reveal_for_iterator(const void* p, uint64_t n) const {
    if constexpr (kAddressSanitizer) {
      const auto* q = static_cast<const std::byte*>(p);
      auto within = [&](const void* start, uint64_t bytes) {
        const auto* s = static_cast<const std::byte*>(start);
        return start != nullptr && q >= s && q + n <= s + bytes;
      };
      if (within(buckets_, array_len_ * kBucketSize) ||
          owned_.holds_parked(p, n)) {
        unpoison_memory(p, n);
      }
    } else {
      (void)p, (void)n;
    }
  }
  void reveal_slot_for_iterator(BucketT* b, int i) const {
    if constexpr (kAddressSanitizer) {
      auto reveal_block = [&](const void* payload) {
        if (payload) {
          reveal_for_iterator(payload,
                              Blocks::header_of(payload)->payload_bytes);
        }
      };
      if constexpr (kIndirectKey) {
        reveal_block(b->keys[i]);
      } else if constexpr (KP::kOwnsBytes) {
        reveal_block(b->keys[i].ptr);
      }
      if constexpr (kIndirectValue) reveal_block(b->elems[i]);
    } else {
      (void)b, (void)i;
    }
  }

  // The bucket to walk next: the old one (filtered by checkBucket) when the
  // iterator started during this growth and it is not evacuated yet.
  BucketT* iter_bucket(const IterState& it, uint64_t bucket,
                       uint64_t& check_bucket) {
    if (growing() && it.B == B_) {
      BucketT* b = oldbuckets_ + (bucket & oldbucket_mask());
      if (!bucket_evacuated(b)) {
        check_bucket = bucket;
        return b;
      }
    }
    check_bucket = kNoCheck;
    return it.buckets + bucket;
  }

  // Whether slot offi of b is the iterator's next entry; sets it.key/elem.
  bool iter_yield(IterState& it, BucketT* b, unsigned offi,
                  uint64_t check_bucket) {
    const uint8_t top = b->tophash[offi];
    if (is_empty(top) || top == kEvacuatedEmpty) return false;
    reveal_slot_for_iterator(b, static_cast<int>(offi));
    K& k = key_ref(b, static_cast<int>(offi));
    const bool reflexive = KP::kReflexive || key_is_self_equal(k);
    if (check_bucket != kNoCheck && !same_size_grow()) {
      // Walking an old bucket for the new bucket check_bucket: skip keys
      // that will land in the other half. NaNs go by their tophash's low bit.
      if (reflexive) {
        if ((hash_of(KP::arg_of(k)) & bucket_mask(it.B)) != check_bucket) {
          return false;
        }
      } else if ((check_bucket >> (it.B - 1)) != uint64_t{top & 1u}) {
        return false;
      }
    }
    if ((top != kEvacuatedX && top != kEvacuatedY) || !reflexive) {
      // The golden data; or a NaN, which can be neither updated nor deleted.
      it.key = &k;
      it.elem_slot = &b->elems[offi];
      it.elem = &value_ref(b, static_cast<int>(offi));
      return true;
    }
    // The map grew since this bucket was current: the key now lives in the
    // new array, may have been updated or deleted. Look it up (mapaccessK).
    if (count_ == 0) return false;
    const SlotRef ref = locate(hash_of(KP::arg_of(k)), KP::arg_of(k));
    if (ref.b == nullptr) return false;  // deleted since
    it.key = &key_ref(ref.b, ref.i);
    it.elem_slot = &ref.b->elems[ref.i];
    it.elem = &value_ref(ref.b, ref.i);
    return true;
  }

  // ---- State: Go's hmap and mapextra, then mapcore's ownership. ----

  int64_t count_ = 0;                 // live entries: len(m)
  std::atomic<uint8_t> flags_{0};     // kFlag* bits
  uint8_t B_ = 0;                     // log2 of the number of buckets
  uint16_t noverflow_ = 0;            // overflow buckets (approximate, B >= 16)
  uint32_t hash0_ = 0;                // hash seed
  BucketT* buckets_ = nullptr;        // 2^B buckets (+ pool); null until needed
  BucketT* oldbuckets_ = nullptr;     // previous array while growing
  uint64_t nevacuate_ = 0;            // old buckets below this are evacuated
  BucketT* next_overflow_ = nullptr;  // next free preallocated bucket

  uint64_t array_len_ = 0;          // buckets in buckets_ (pool included)
  uint64_t old_array_len_ = 0;      // buckets in oldbuckets_
  uint64_t plan_misses_ = 0;        // allocations the plan did not foresee
  uint64_t doublings_ = 0;          // growths started, for stats
  uint64_t same_size_growths_ = 0;  // ... of which kept B

  H hasher_;
  Blocks blocks_;
  BlockOwnership<Blocks> owned_;  // overflow generations, parked blocks
  mutable RandomSource rng_;
};

}  // namespace mapcore

#include "mapcore/raw_map_planning.h"

#endif  // MAPCORE_RAW_MAP_H_
