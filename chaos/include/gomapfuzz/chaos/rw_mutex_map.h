// RwMutexMap: one mapcore map behind a reader-writer lock.
//
// The simplest correct wrapper, and Go's usual answer (a map beside a
// sync.RWMutex): writers take the lock exclusively, readers share it, so
// lookups run in parallel and writes one at a time. Linearizable: every op
// takes effect at some instant while it holds the lock.
#ifndef GOMAPFUZZ_CHAOS_RW_MUTEX_MAP_H_
#define GOMAPFUZZ_CHAOS_RW_MUTEX_MAP_H_

#include <mutex>
#include <optional>
#include <shared_mutex>

#include "gomapfuzz/chaos/concurrent_map.h"
#include "gomapfuzz/chaos/jitter.h"

namespace gomapfuzz::chaos {

template <mapcore::MapKey K, class V,
          mapcore::Hasher H = mapcore::GoFallbackHasher>
class RwMutexMap {
 public:
  using MapT = mapcore::Map<K, V, H>;
  using key_arg = typename MapT::key_arg;
  using mapped_type = V;
  static constexpr const char* kName = "rwmutex";
  static_assert(mapcore::KeyPolicy<K>::kReflexive,
                "a NaN lookup writes the map's random source");

  explicit RwMutexMap(const typename MapT::Options& o = {},
                      const Jitter* jitter = nullptr)
      : map_(o), jitter_(jitter) {}

  bool put(key_arg k, const V& v) {
    std::unique_lock lock(mu_);
    schedule_point(jitter_);  // widen the critical section
    return map_.put(k, v);
  }
  std::optional<V> get(key_arg k) {
    std::shared_lock lock(mu_);
    schedule_point(jitter_);
    return map_.get(k);
  }
  bool del(key_arg k) {
    std::unique_lock lock(mu_);
    schedule_point(jitter_);
    return map_.erase(k);
  }
  int64_t size() const {
    std::shared_lock lock(mu_);
    return map_.size();
  }

 private:
  mutable std::shared_mutex mu_;
  MapT map_;
  const Jitter* jitter_;
};

}  // namespace gomapfuzz::chaos

#endif  // GOMAPFUZZ_CHAOS_RW_MUTEX_MAP_H_
