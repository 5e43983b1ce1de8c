// RcuCowMap: a copy-on-write mapcore map whose readers take no lock at all.
//
// The snapshot readers see is one atomic pointer; a reader loads it inside
// an RCU read-side section (syncmap/rcu.h, liburcu) and looks up in it.
// Writers serialize on a mutex, copy the snapshot into a fresh map
// (chaos::copy_entries), change the copy, publish it with one atomic store
// and retire the old snapshot, which liburcu frees once no reader that
// could hold it is left. Reads cost a lookup and two fences; writes O(n).
//
// Why not chaos::CowMap: its readers copy a shared_ptr under a mutex (a
// lock and two reference-count updates on one cache line per read, which
// two reading threads fight over); it exists to be checked under
// ThreadSanitizer, where std::atomic<std::shared_ptr> is reported (see
// cow_map.h). This is the read path a copy-on-write map is chosen for, the
// same reclamation syncmap::SyncMap uses.
#ifndef GOMAPFUZZ_BENCH_RCU_COW_MAP_H_
#define GOMAPFUZZ_BENCH_RCU_COW_MAP_H_

#include <atomic>
#include <mutex>
#include <optional>

#include "gomapfuzz/chaos/concurrent_map.h"
#include "mapcore/map.h"
#include "syncmap/rcu.h"

namespace gomapfuzz::bench {

template <mapcore::MapKey K, class V>
class RcuCowMap {
  using MapT = mapcore::Map<K, V>;

 public:
  using key_arg = typename MapT::key_arg;

  RcuCowMap() : current_(make_snapshot(0)) {}
  RcuCowMap(const RcuCowMap&) = delete;
  RcuCowMap& operator=(const RcuCowMap&) = delete;
  ~RcuCowMap() {
    syncmap::wait_for_retired();
    syncmap::destroy_now(current_.load(std::memory_order_relaxed));
  }

  std::optional<V> get(key_arg k) {
    syncmap::ReadSection rs;
    return current_.load(std::memory_order_acquire)->map.get(k);
  }

  void put(key_arg k, const V& v) {
    std::lock_guard lock(write_mu_);
    Snapshot* old = current_.load(std::memory_order_relaxed);
    Snapshot* next = make_snapshot(old->map.size() + 1);
    chaos::copy_entries(old->map, next->map);
    next->map.put(k, v);
    current_.store(next, std::memory_order_release);
    syncmap::retire(old);
  }

 private:
  // Lookups on a published snapshot only read (reflexive keys), so readers
  // share it; `map` is mutable because mapcore's get() is not const.
  struct Snapshot : syncmap::Retirable {
    explicit Snapshot(const typename MapT::Options& o) : map(o) {}
    mutable MapT map;
  };

  Snapshot* make_snapshot(int64_t hint) {
    return syncmap::make_retirable<Snapshot>(
        syncmap::pmr::new_delete_resource(),
        typename MapT::Options{.hint = hint, .seed = ++versions_});
  }

  uint64_t versions_ = 0;  // guarded by write_mu_: each copy its own hash0
  std::atomic<Snapshot*> current_;
  std::mutex write_mu_;
};

}  // namespace gomapfuzz::bench

#endif  // GOMAPFUZZ_BENCH_RCU_COW_MAP_H_
