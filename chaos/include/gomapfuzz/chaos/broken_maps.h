// Deliberately broken wrappers: the proof that the linearizability checker
// catches what it is for.
//
// Each is a classic concurrency mistake made without a data race in the C++
// sense (every shared access is a lock or an atomic), so each runs under
// ThreadSanitizer with zero reports and only the history check can catch
// it, which is the point:
//
//   LostUpdateCowMap    copy-on-write whose writers skip the writers' lock:
//                       two writers copy the same snapshot, both publish,
//                       and one write is lost (a get then misses a put
//                       that completed, or sees a deleted key again).
//   CheckThenActMap     an RW-locked map whose put and del decide their
//                       answer under the read lock, then act under the
//                       write lock: two dels of one key both say "was
//                       present", two puts of a new key both say "new".
//
// A third mistake, a get that skips the lock of an RwMutexMap, is a data
// race on the map itself: undefined behaviour that TSan flags and that can
// crash rather than return a wrong answer, so it is not run here; the
// concurrent-misuse experiment (misuse_experiment.h) covers unsynchronized
// access to a raw map.
#ifndef GOMAPFUZZ_CHAOS_BROKEN_MAPS_H_
#define GOMAPFUZZ_CHAOS_BROKEN_MAPS_H_

#include <mutex>
#include <optional>
#include <shared_mutex>

#include "gomapfuzz/chaos/concurrent_map.h"
#include "gomapfuzz/chaos/cow_map.h"
#include "gomapfuzz/chaos/jitter.h"

namespace gomapfuzz::chaos {

template <mapcore::MapKey K, class V,
          mapcore::Hasher H = mapcore::GoFallbackHasher>
class LostUpdateCowMap {
  using Snapshots = CowSnapshots<K, V, H>;

 public:
  using MapT = typename Snapshots::MapT;
  using key_arg = typename MapT::key_arg;
  using mapped_type = V;
  static constexpr const char* kName = "broken-cow";

  explicit LostUpdateCowMap(const typename MapT::Options& o = {},
                            const Jitter* jitter = nullptr)
      : snapshots_(o), jitter_(jitter) {}

  std::optional<V> get(key_arg k) const {
    return snapshots_.load()->map.get(k);
  }
  bool put(key_arg k, const V& v) {
    return write([&](MapT& m) { return m.put(k, v); });
  }
  bool del(key_arg k) {
    return write([&](MapT& m) { return m.erase(k); });
  }

 private:
  // THE BUG: no writers' lock around copy-change-publish.
  template <class F>
  bool write(F&& change) {
    auto next = snapshots_.copy_of(*snapshots_.load());
    schedule_point(jitter_);
    const bool result = change(next->map);
    snapshots_.publish(std::move(next));
    return result;
  }

  Snapshots snapshots_;
  const Jitter* jitter_;
};

template <mapcore::MapKey K, class V,
          mapcore::Hasher H = mapcore::GoFallbackHasher>
class CheckThenActMap {
 public:
  using MapT = mapcore::Map<K, V, H>;
  using key_arg = typename MapT::key_arg;
  using mapped_type = V;
  static constexpr const char* kName = "broken-rw";
  static_assert(mapcore::KeyPolicy<K>::kReflexive,
                "a NaN lookup writes the map's random source");

  explicit CheckThenActMap(const typename MapT::Options& o = {},
                           const Jitter* jitter = nullptr)
      : map_(o), jitter_(jitter) {}

  std::optional<V> get(key_arg k) {
    std::shared_lock lock(mu_);
    return map_.get(k);
  }
  // THE BUG (both writers): the answer comes from a look under the read
  // lock; the change happens later, under the write lock.
  bool put(key_arg k, const V& v) {
    const bool was_absent = !present(k);
    schedule_point(jitter_);
    std::unique_lock lock(mu_);
    map_.put(k, v);
    return was_absent;
  }
  bool del(key_arg k) {
    const bool was_present = present(k);
    schedule_point(jitter_);
    std::unique_lock lock(mu_);
    map_.erase(k);
    return was_present;
  }

 private:
  bool present(key_arg k) {
    std::shared_lock lock(mu_);
    return map_.contains(k);
  }

  std::shared_mutex mu_;
  MapT map_;
  const Jitter* jitter_;
};

}  // namespace gomapfuzz::chaos

#endif  // GOMAPFUZZ_CHAOS_BROKEN_MAPS_H_
