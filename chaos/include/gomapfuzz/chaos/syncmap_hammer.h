// Hammering Go's sync.Map (syncmap::SyncMap): one seeded 8-thread history,
// checked for linearizability (Load, Store, LoadOrStore, LoadAndDelete,
// Delete) and for Range's documented guarantee (range_check.h). Jitter runs
// at the hammer's points and inside the map, at SyncMap's schedule points
// (between an entry's load and its CAS, where the lock-free paths race).
#ifndef GOMAPFUZZ_CHAOS_SYNCMAP_HAMMER_H_
#define GOMAPFUZZ_CHAOS_SYNCMAP_HAMMER_H_

#include <string>

#include "gomapfuzz/chaos/hammer.h"
#include "gomapfuzz/chaos/range_check.h"
#include "syncmap/sync_map.h"

namespace gomapfuzz::chaos {

struct SyncMapRun {
  HammerResult hammer;
  RangeCheckReport check;
  bool ok() const { return hammer.errors.empty() && check.ok(); }
};

namespace detail {
inline const Jitter*& syncmap_jitter() {
  static const Jitter* j = nullptr;
  return j;
}
inline void syncmap_schedule_point() {
  if (const Jitter* j = syncmap_jitter()) j->point();
}
}  // namespace detail

// One history on a fresh SyncMap<uint64_t, uint64_t> (o.mix is forced to
// the sync.Map mix). Not reentrant: one run at a time per process.
inline SyncMapRun hammer_syncmap(HammerOptions o, const Jitter& jitter,
                                 const LinOptions& lo = {}) {
  o.mix = HammerOptions::Mix::kSyncMap;
  SyncMapRun r;
  detail::syncmap_jitter() = &jitter;
  {
    syncmap::SyncMap<uint64_t, uint64_t> map(
        {.seed = o.seed, .schedule_point = &detail::syncmap_schedule_point});
    r.hammer = hammer(map, o, jitter);
  }
  detail::syncmap_jitter() = nullptr;
  r.check = check_history_with_ranges(r.hammer.history, o.key_space, lo);
  return r;
}

// The rerun line of a history.
inline std::string syncmap_rerun_hint(const HammerOptions& o) {
  return "seed " + std::to_string(o.seed) + ", " + std::to_string(o.threads) +
         " threads x " + std::to_string(o.ops_per_thread) + " ops, " +
         std::to_string(o.key_space) + " keys";
}

}  // namespace gomapfuzz::chaos

#endif  // GOMAPFUZZ_CHAOS_SYNCMAP_HAMMER_H_
