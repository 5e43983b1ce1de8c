// CowMap: copy-on-write immutable snapshots; readers never block on writers.
//
// The map readers see is an immutable snapshot held by a shared_ptr. A
// reader copies that pointer and looks up in its snapshot: it never waits
// for a writer's work, and a writer never waits for readers (a snapshot
// lives as long as its last reader holds it). Writers serialize on a mutex,
// copy the current snapshot into a fresh mapcore map, apply their change to
// the copy and publish it. Writes cost O(n): the design suits read-mostly
// maps (configuration, routing tables).
//
// Linearizable: a write takes effect when it publishes (under the writers'
// mutex, so no write is lost), a read when it copies the pointer.
//
// The pointer itself sits in a slot guarded by a mutex held for a pointer
// copy only (never across a map copy, a lookup or a snapshot's
// destruction): the same few instructions std::atomic<std::shared_ptr>
// spends under its internal lock bit. That type is not used because
// libstdc++ 12's load() releases its lock bit with memory_order_relaxed,
// so its read of the pointer is not ordered before the next store's write:
// ThreadSanitizer reports it as a data race (bits/shared_ptr_atomic.h).
#ifndef GOMAPFUZZ_CHAOS_COW_MAP_H_
#define GOMAPFUZZ_CHAOS_COW_MAP_H_

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

#include "gomapfuzz/chaos/concurrent_map.h"
#include "gomapfuzz/chaos/jitter.h"

namespace gomapfuzz::chaos {

// The snapshot machinery both CowMap and the deliberately broken
// LostUpdateCowMap (broken_maps.h) use.
template <mapcore::MapKey K, class V, mapcore::Hasher H>
class CowSnapshots {
 public:
  using MapT = mapcore::Map<K, V, H>;
  using key_arg = typename MapT::key_arg;
  static_assert(mapcore::KeyPolicy<K>::kReflexive,
                "a NaN lookup writes the map's random source");

  // A published map: never written again. Lookups on it only read (reflexive
  // keys), so any number of readers may share it; `map` is mutable because
  // mapcore's find() is not const (a NaN hash would write).
  struct Snapshot {
    explicit Snapshot(const typename MapT::Options& o) : map(o) {}
    mutable MapT map;
  };

  explicit CowSnapshots(const typename MapT::Options& o)
      : options_(o), current_(std::make_shared<const Snapshot>(o)) {}

  std::shared_ptr<const Snapshot> load() const {
    std::lock_guard lock(slot_mu_);
    return current_;
  }

  // A private copy of `s` to change before publishing it.
  std::shared_ptr<Snapshot> copy_of(const Snapshot& s) {
    typename MapT::Options o = options_;
    o.hint = s.map.size() + 1;
    o.seed = options_.seed + ++versions_;  // a fresh map, its own hash0
    auto next = std::make_shared<Snapshot>(o);
    copy_entries(s.map, next->map);
    return next;
  }

  void publish(std::shared_ptr<const Snapshot> s) {
    std::shared_ptr<const Snapshot> old;
    {
      std::lock_guard lock(slot_mu_);
      old = std::exchange(current_, std::move(s));
    }
    // `old` dies here, outside the slot, if no reader holds it.
  }

 private:
  typename MapT::Options options_;
  std::atomic<uint64_t> versions_{0};
  mutable std::mutex slot_mu_;  // guards current_ (a pointer copy at most)
  std::shared_ptr<const Snapshot> current_;
};

template <mapcore::MapKey K, class V,
          mapcore::Hasher H = mapcore::GoFallbackHasher>
class CowMap {
  using Snapshots = CowSnapshots<K, V, H>;

 public:
  using MapT = typename Snapshots::MapT;
  using key_arg = typename MapT::key_arg;
  using mapped_type = V;
  static constexpr const char* kName = "cow";

  explicit CowMap(const typename MapT::Options& o = {},
                  const Jitter* jitter = nullptr)
      : snapshots_(o), jitter_(jitter) {}

  std::optional<V> get(key_arg k) const {
    const auto s = snapshots_.load();
    schedule_point(jitter_);  // a writer may publish meanwhile: still fine
    return s->map.get(k);
  }
  bool put(key_arg k, const V& v) {
    return write([&](MapT& m) { return m.put(k, v); });
  }
  bool del(key_arg k) {
    return write([&](MapT& m) { return m.erase(k); });
  }
  int64_t size() const { return snapshots_.load()->map.size(); }

 private:
  template <class F>
  bool write(F&& change) {
    std::lock_guard lock(write_mu_);
    auto next = snapshots_.copy_of(*snapshots_.load());
    schedule_point(jitter_);  // between copy and publish
    const bool result = change(next->map);
    snapshots_.publish(std::move(next));
    return result;
  }

  Snapshots snapshots_;
  std::mutex write_mu_;
  const Jitter* jitter_;
};

}  // namespace gomapfuzz::chaos

#endif  // GOMAPFUZZ_CHAOS_COW_MAP_H_
