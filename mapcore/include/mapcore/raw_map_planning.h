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
  const uint64_t pool = pool_available();
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

template <MapKey K, class V, Hasher H, class Alloc>
void RawMap<K, V, H, Alloc>::reserve_for_assign(Arg key, uint64_t hash,
                                                Reservation& r) {
  if (buckets_ == nullptr) {
    // newobject(t.bucket): B is 0 and the map is empty, so the key goes to
    // slot 0 of this bucket and nothing else can happen.
    r.hold(r.first_bucket, allocate_array({1, 1}));
    reserve_key_storage(key, r);
    return;
  }
  if (locate(hash, key).b != nullptr) {
    // An update inserts nothing, but mapassign still runs growWork first,
    // whose evacuations may need overflow buckets (found by map_ops:
    // corpus/regressions/map_ops-3c9ad5b9c948.txt).
    if (growing()) {
      reserve_overflow(plan_grow_work(hash & bucket_mask(B_)), r);
    }
    return;
  }

  std::optional<GrowPlan> phase_a;
  uint16_t noverflow_after = noverflow_;
  bool noverflow_exact = true;
  if (growing()) {
    phase_a = plan_grow_work(hash & bucket_mask(B_));
    noverflow_after += static_cast<uint16_t>(phase_a->overflow);
    noverflow_exact = phase_a->exact && B_ < 16;
  }
  const bool still_growing = phase_a ? phase_a->growing : false;
  const bool overloaded = over_load_factor(count_ + 1, B_);
  const bool grows = !still_growing && (overloaded || too_many_overflow_buckets(
                                                          noverflow_after, B_));
  // With an inexact noverflow, a growth that may or may not start is
  // planned for; its array goes back unused if it does not.
  const bool may_grow =
      grows || (!still_growing && !noverflow_exact &&
                too_many_overflow_buckets(
                    static_cast<uint16_t>(noverflow_ +
                                          (phase_a ? phase_a->overflow : 0)),
                    B_));
  const bool certain_grow = grows && (overloaded || noverflow_exact);

  uint64_t need_a = phase_a ? phase_a->overflow : 0;
  if (!certain_grow) {
    need_a += insert_needs_overflow(phase_a ? &*phase_a : nullptr,
                                    hash & bucket_mask(B_));
  }
  reserve_spares(need_a, r);
  if (may_grow) reserve_for_new_growth(hash, overloaded, phase_a, r);
  reserve_key_storage(key, r);
}

// Phase B: hashGrow, then growWork in the new growth, then the insert.
// Bounded, not counted: the new growth evacuates chains of today's array
// as phase A will have written them, so running evacuate in Count mode
// here would need a shadow of up to two chains that do not exist yet.
// Each half of a split holds at most the whole chain, so the bound
// over-reserves by at most a few spare buckets, returned unused.
template <MapKey K, class V, Hasher H, class Alloc>
void RawMap<K, V, H, Alloc>::reserve_for_new_growth(
    uint64_t hash, bool doubling, const std::optional<GrowPlan>& phase_a,
    Reservation& r) {
  const uint8_t new_b = B_ + (doubling ? 1 : 0);
  const ArrayShape shape = array_shape(new_b);
  r.hold(r.grow_array, allocate_array(shape));
  // The old array of the new growth is today's array, as phase A leaves it.
  auto entries_of = [&](uint64_t j) {
    if (phase_a) {
      if (const auto* d = phase_a->dest(j)) return d->entries;
    }
    return chain_entries(buckets_ + j);
  };
  const uint64_t newbit = bucket_shift(B_);
  const uint64_t j1 = hash & bucket_mask(B_);
  uint64_t need = overflow_buckets_for(entries_of(j1)) + 1;  // + the insert
  const bool second = !(j1 == 0 && newbit == 1);
  if (second) need += overflow_buckets_for(entries_of(j1 == 0 ? 1 : 0));
  const uint64_t pool = shape.len - shape.base;
  for (uint64_t n = need > pool ? need - pool : 0; n > 0; --n) {
    r.hold_spare(Blocks::header_of(blocks_.allocate(kBucketSize)));
  }
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
