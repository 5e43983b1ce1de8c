// ShardedMap: the key space split over independent RW-locked mapcore maps.
//
// The usual cure for a hot lock (Go's concurrent-map libraries do the same):
// a key's shard is fixed by a hash of the key, so ops on different shards
// never contend, and each shard is an RwMutexMap-style map of its own.
// Linearizable because every key lives in exactly one shard and each shard
// is; a map of put/get/del is a product of per-key registers, so per-shard
// linearizability composes (Herlihy & Wing's locality).
#ifndef GOMAPFUZZ_CHAOS_SHARDED_MAP_H_
#define GOMAPFUZZ_CHAOS_SHARDED_MAP_H_

#include <array>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>

#include "gomapfuzz/chaos/concurrent_map.h"
#include "gomapfuzz/chaos/jitter.h"
#include "mapcore/random_source.h"

namespace gomapfuzz::chaos {

template <mapcore::MapKey K, class V,
          mapcore::Hasher H = mapcore::GoFallbackHasher>
class ShardedMap {
 public:
  using MapT = mapcore::Map<K, V, H>;
  using key_arg = typename MapT::key_arg;
  using mapped_type = V;
  static constexpr const char* kName = "sharded";
  // A power of two (the shard is the hash's low bits); 8 shards keep
  // contention visible in tests with a handful of threads and keys.
  static constexpr std::size_t kShards = 8;
  static_assert((kShards & (kShards - 1)) == 0);
  static_assert(mapcore::KeyPolicy<K>::kReflexive,
                "a NaN lookup writes the map's random source");

  explicit ShardedMap(typename MapT::Options o = {},
                      const Jitter* jitter = nullptr)
      : jitter_(jitter) {
    for (std::size_t i = 0; i < kShards; ++i) {
      o.seed += 1;  // each shard its own hash0 and iteration stream
      shards_[i] = std::make_unique<Shard>(o);
    }
  }

  bool put(key_arg k, const V& v) {
    Shard& s = shard_of(k);
    std::unique_lock lock(s.mu);
    schedule_point(jitter_);
    return s.map.put(k, v);
  }
  std::optional<V> get(key_arg k) {
    Shard& s = shard_of(k);
    std::shared_lock lock(s.mu);
    schedule_point(jitter_);
    return s.map.get(k);
  }
  bool del(key_arg k) {
    Shard& s = shard_of(k);
    std::unique_lock lock(s.mu);
    schedule_point(jitter_);
    return s.map.erase(k);
  }
  int64_t size() const {
    int64_t n = 0;
    for (const auto& s : shards_) {
      std::shared_lock lock(s->mu);
      n += s->map.size();
    }
    return n;
  }

 private:
  // Cache-line aligned so shards' locks do not share a line.
  struct alignas(64) Shard {
    explicit Shard(const typename MapT::Options& o) : map(o) {}
    mutable std::shared_mutex mu;
    MapT map;
  };

  // std::hash of the key argument, finalized by splitmix64: std::hash of an
  // integer is the identity, whose low bits would put strided keys in one
  // shard. (It is independent of the shard maps' own hash, so a shard's
  // keys still spread over its buckets.)
  Shard& shard_of(key_arg k) {
    const uint64_t h =
        mapcore::SplitMix64::finalize(std::hash<std::decay_t<key_arg>>{}(k));
    return *shards_[h & (kShards - 1)];
  }

  std::array<std::unique_ptr<Shard>, kShards> shards_;
  const Jitter* jitter_;
};

}  // namespace gomapfuzz::chaos

#endif  // GOMAPFUZZ_CHAOS_SHARDED_MAP_H_
