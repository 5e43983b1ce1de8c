// RawMap's allocation planner: the member functions that work out, before
// a write changes the map, every block the write may allocate (the why and
// the phases are in allocation_plan.h). Included by raw_map.h only, after
// the class: the planner reads RawMap's state and runs its growWork in
// Count mode, so it is RawMap's code, kept apart from the algorithm.
#ifndef MAPCORE_RAW_MAP_PLANNING_H_
#define MAPCORE_RAW_MAP_PLANNING_H_

#include <optional>

#include "mapcore/allocation_plan.h"
#include "mapcore/raw_map.h"

namespace mapcore {

// Count mode: the same walk, tallied into a GrowPlan. A destination chain
// starts empty (its old bucket is evacuated before anything is written
// to it), so n entries need overflow_buckets_for(n) overflow buckets. A NaN
// whose side is random is counted on both sides, and the plan is then
// inexact.
template <MapKey K, class V, Hasher H, class Alloc>
struct RawMap<K, V, H, Alloc>::CountStep {
  static constexpr bool kDrawsRandom = false;
  struct Dests {
    int64_t entries[2] = {};
    bool exact = true;
  };
  const RawMap& m;
  GrowPlan& p;

  bool growing() const { return p.growing; }
  uint64_t nevacuate() const { return p.nevacuate; }
  bool evacuated(uint64_t ob) const { return m.planned_evacuated(p, ob); }
  Dests destinations(uint64_t, uint64_t) const { return {}; }
  void skip_empty(const BucketT*, int) {}
  void move(const BucketT*, int, EvacuationSide side, Dests& d) {
    if (side.known) {
      ++d.entries[side.use_y];
    } else {
      ++d.entries[0], ++d.entries[1];
      d.exact = false;
    }
  }
  void done_with(uint64_t ob, const Dests& d) {
    p.overflow +=
        overflow_buckets_for(d.entries[0]) + overflow_buckets_for(d.entries[1]);
    p.dests[p.n_dests++] = {ob, d.entries[0], d.exact};
    if (!m.same_size_grow()) {
      p.dests[p.n_dests++] = {ob + m.noldbuckets(), d.entries[1], d.exact};
    }
    p.evacuated[p.n_evacuated++] = ob;
    p.exact = p.exact && d.exact;
  }
  void set_nevacuate(uint64_t n) { p.nevacuate = n; }
  void growth_done() { p.growing = false; }
};

template <MapKey K, class V, Hasher H, class Alloc>
int64_t RawMap<K, V, H, Alloc>::chain_entries(const BucketT* b) {
  int64_t n = 0;
  for (; b; b = b->overflow) {
    for (int i = 0; i < kBucketCnt; ++i) n += !is_empty(b->tophash[i]);
  }
  return n;
}
template <MapKey K, class V, Hasher H, class Alloc>
bool RawMap<K, V, H, Alloc>::chain_has_free_slot(const BucketT* b) {
  for (; b; b = b->overflow) {
    for (int i = 0; i < kBucketCnt; ++i) {
      if (is_empty(b->tophash[i])) return true;
    }
  }
  return false;
}

template <MapKey K, class V, Hasher H, class Alloc>
bool RawMap<K, V, H, Alloc>::planned_evacuated(const GrowPlan& p,
                                               uint64_t ob) const {
  for (int e = 0; e < p.n_evacuated; ++e) {
    if (p.evacuated[e] == ob) return true;
  }
  return bucket_evacuated(oldbuckets_ + ob);
}

// What growWork(bucket) will do, without doing it: growWork itself, run
// in Count mode (CountStep, below).
template <MapKey K, class V, Hasher H, class Alloc>
GrowPlan RawMap<K, V, H, Alloc>::plan_grow_work(uint64_t bucket) {
  GrowPlan p;
  p.nevacuate = nevacuate_;
  p.growing = true;
  CountStep step{*this, p};
  grow_work(bucket, step);
  return p;
}

template <MapKey K, class V, Hasher H, class Alloc>
void RawMap<K, V, H, Alloc>::reserve_overflow(const GrowPlan& p,
                                              Reservation& r) {
  reserve_spares(p.overflow, r);
}
template <MapKey K, class V, Hasher H, class Alloc>
void RawMap<K, V, H, Alloc>::reserve_spares(uint64_t needed, Reservation& r) {
  reserve_spares_beyond(needed, pool_available(), r);
}
// Spare buckets for what `pool` preallocated buckets cannot cover.
template <MapKey K, class V, Hasher H, class Alloc>
void RawMap<K, V, H, Alloc>::reserve_spares_beyond(uint64_t needed,
                                                   uint64_t pool,
                                                   Reservation& r) {
  for (uint64_t n = needed > pool ? needed - pool : 0; n > 0; --n) {
    r.hold_spare(Blocks::header_of(blocks_.allocate(kBucketSize)));
  }
}

// Whether the chain that will receive a new key has no free slot.
template <MapKey K, class V, Hasher H, class Alloc>
bool RawMap<K, V, H, Alloc>::insert_needs_overflow(const GrowPlan* p,
                                                   uint64_t bucket) const {
  if (p) {
    if (const auto* d = p->dest(bucket)) {
      return !d->exact || (d->entries > 0 && d->entries % kBucketCnt == 0);
    }
  }
  return !chain_has_free_slot(buckets_ + bucket);
}

// Count mode of mapassign (map_assign in raw_map.h): its branches, taken
// before the map changes, reserving what each may take. The overflow
// buckets a phase may take are summed and reserved when the phase ends,
// beyond the preallocated buckets its array has left.
//
// Phase A is the write in today's state: growWork in Count mode (its
// GrowPlan says where the entries go and whether the growth ends), the
// growth test against the noverflow that growWork leaves, the insert.
// Phase B starts at hashGrow (the growth's new array is reserved) and is
// bounded, not counted: the new growth's first growWork evacuates chains
// of today's array as phase A will have written them, so running evacuate
// in Count mode there would need a shadow of up to two chains that do not
// exist yet. Each half of a split holds at most the whole chain, so the
// bound over-reserves by at most a few spare buckets, returned unused.
template <MapKey K, class V, Hasher H, class Alloc>
struct RawMap<K, V, H, Alloc>::AssignCount {
  using Result = void;

  AssignCount(RawMap& m, Arg key, uint64_t hash, Reservation& r)
      : m(m),
        key(key),
        hash(hash),
        r(r),
        present(m.buckets_ != nullptr && m.locate(hash, key).b != nullptr) {}

  bool no_array() const { return m.buckets_ == nullptr; }
  // newobject(t.bucket): B is 0 and the map is empty, so the key goes to
  // slot 0 of this bucket and nothing else can happen.
  void first_bucket() {
    r.hold(r.first_bucket, m.allocate_array({1, 1}));
    fresh = true;
  }
  uint8_t B() const { return new_growth ? new_b : m.B_; }
  bool growing() const {
    return new_growth || (plan ? plan->growing : m.growing());
  }
  void grow_work(uint64_t bucket) {
    if (new_growth) return bound_new_growth_work(bucket);
    plan = m.plan_grow_work(bucket);
    spares += plan->overflow;
  }
  // An update inserts nothing, but growWork has run (found by map_ops:
  // corpus/regressions/map_ops-3c9ad5b9c948.txt).
  bool search(uint64_t) const { return present; }
  static bool found(bool present) { return present; }
  void update(bool) { end_phase(); }
  bool growth_due() {
    const auto noverflow =
        static_cast<uint16_t>(m.noverflow_ + (plan ? plan->overflow : 0));
    if (!growth_due_at(m.count_, m.B_, noverflow)) return false;
    doubling = over_load_factor(m.count_ + 1, m.B_);
    // growWork's overflow buckets were all counted into noverflow, but Go
    // counts them only with probability 2^-(B-15) from B 16 on, and a NaN
    // of unknown side is counted on both sides: then a growth for too many
    // overflow buckets may not start, and the insert without it is
    // planned for too (the array goes back unused if it does not).
    const bool exact = !plan || (plan->exact && m.B_ < 16);
    if (!doubling && !exact) spares += insert_needs_overflow_now();
    return true;
  }
  void hash_grow() {
    end_phase();
    new_b = static_cast<uint8_t>(m.B_ + (doubling ? 1 : 0));
    const ArrayShape shape = m.array_shape(new_b);
    r.hold(r.grow_array, m.allocate_array(shape));
    new_pool = shape.len - shape.base;
    new_growth = true;
  }
  void insert(bool, uint64_t) {
    // In a new growth, bounded: one more bucket for the key's chain.
    spares += new_growth ? 1 : insert_needs_overflow_now();
    end_phase();
    m.reserve_key_storage(key, r);
  }

 private:
  bool insert_needs_overflow_now() const {
    if (fresh) return false;  // first_bucket's empty bucket
    return m.insert_needs_overflow(plan ? &*plan : nullptr,
                                   hash & bucket_mask(m.B_));
  }
  void end_phase() {
    m.reserve_spares_beyond(spares, new_growth ? new_pool : m.pool_available(),
                            r);
    spares = 0;
  }
  // The new growth's first growWork: old bucket bucket & oldmask (a
  // bucket of today's array), then nevacuate, 0 (or 1 when the first was
  // 0), unless the first ended a one-bucket growth.
  void bound_new_growth_work(uint64_t bucket) {
    const uint64_t newbit = bucket_shift(m.B_);
    const uint64_t j1 = bucket & bucket_mask(m.B_);
    spares += overflow_buckets_for(entries_after_phase_a(j1));
    if (!(j1 == 0 && newbit == 1)) {
      spares += overflow_buckets_for(entries_after_phase_a(j1 == 0 ? 1 : 0));
    }
  }
  int64_t entries_after_phase_a(uint64_t j) const {
    if (plan) {
      if (const auto* d = plan->dest(j)) return d->entries;
    }
    return chain_entries(m.buckets_ + j);
  }

  RawMap& m;
  Arg key;
  uint64_t hash;
  Reservation& r;
  bool present;                  // the key is in the map (an update)
  bool fresh = false;            // the array is first_bucket's
  std::optional<GrowPlan> plan;  // phase A's growWork
  uint64_t spares = 0;           // overflow buckets the phase may take
  bool doubling = false;
  bool new_growth = false;  // phase B
  uint8_t new_b = 0;
  uint64_t new_pool = 0;  // the new array's preallocated buckets
};

template <MapKey K, class V, Hasher H, class Alloc>
void RawMap<K, V, H, Alloc>::reserve_for_assign(Arg key, uint64_t hash,
                                                Reservation& r) {
  AssignCount mode(*this, key, hash, r);
  map_assign(hash, mode);
}

template <MapKey K, class V, Hasher H, class Alloc>
void RawMap<K, V, H, Alloc>::reserve_key_storage(Arg key, Reservation& r) {
  if constexpr (kIndirectKey) {
    r.hold(r.key_block, blocks_.allocate(sizeof(K)));
  } else if constexpr (KP::kOwnsBytes) {
    if (!key.empty()) r.hold(r.key_block, blocks_.allocate(key.size()));
  }
  if constexpr (kIndirectValue) {
    r.hold(r.value_block, blocks_.allocate(sizeof(V)));
  }
  (void)key;
}

}  // namespace mapcore

#endif  // MAPCORE_RAW_MAP_PLANNING_H_
