// The maps under benchmark, behind one small interface so that every
// benchmark body is written once:
//   Adapter a(hint);            // hint 0: no reservation
//   a.insert(key, value);  a.find(key) -> const uint64_t* or nullptr;
//   a.erase(key);  a.sum_values() (a full iteration)
// Keys are uint64_t or std::string; the adapters pass mapcore a
// std::string_view, as its API takes.
//
// Contenders: mapcore with Go's fallback hash (what Go runs under
// GODEBUG=cpu.aes=off) and with XXH3, string keys as SharedString (the map
// shares the caller's bytes, as Go's map does; the benchmark's key vectors
// outlive every map); mapcore_go_copy, string keys only, as GoString (the
// map copies each key's bytes into a block of its own); std::unordered_map
// (node based);
// absl::flat_hash_map (SwissTable, open addressing); boost::unordered_map
// (Boost 1.74: node based; the open-addressing unordered_flat_map came with
// Boost 1.81).
#ifndef GOMAPFUZZ_BENCH_CONTAINERS_H_
#define GOMAPFUZZ_BENCH_CONTAINERS_H_

#include <absl/container/flat_hash_map.h>

#include <boost/unordered_map.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "mapcore/map.h"

namespace gomapfuzz::bench {

template <class Key, class H, class StringKey = mapcore::SharedString>
class MapcoreAdapter {
  using K =
      std::conditional_t<std::is_same_v<Key, std::string>, StringKey, uint64_t>;

 public:
  explicit MapcoreAdapter(std::size_t hint)
      : m_(typename Map::Options{.hint = static_cast<int64_t>(hint)}) {}
  void insert(const Key& k, uint64_t v) { m_.put(arg(k), v); }
  const uint64_t* find(const Key& k) { return m_.find(arg(k)); }
  void erase(const Key& k) { m_.erase(arg(k)); }
  uint64_t sum_values() {
    uint64_t s = 0;
    for (auto it = m_.iterate(); it.next();) s += it.value();
    return s;
  }

 private:
  using Map = mapcore::Map<K, uint64_t, H>;
  static auto arg(const Key& k) {
    if constexpr (std::is_same_v<Key, std::string>) {
      return std::string_view(k);
    } else {
      return k;
    }
  }
  Map m_;
};

// The standard-library-shaped containers: std, absl, boost.
template <class M>
class StdLikeAdapter {
 public:
  explicit StdLikeAdapter(std::size_t hint) {
    if (hint) m_.reserve(hint);
  }
  template <class Key>
  void insert(const Key& k, uint64_t v) {
    m_[k] = v;
  }
  template <class Key>
  const uint64_t* find(const Key& k) {
    auto it = m_.find(k);
    return it == m_.end() ? nullptr : &it->second;
  }
  template <class Key>
  void erase(const Key& k) {
    m_.erase(k);
  }
  uint64_t sum_values() {
    uint64_t s = 0;
    for (const auto& [k, v] : m_) s += v;
    return s;
  }

 private:
  M m_;
};

template <class Key>
using MapcoreGo = MapcoreAdapter<Key, mapcore::GoFallbackHasher>;
template <class Key>
using MapcoreXxh3 = MapcoreAdapter<Key, mapcore::Xxh3Hasher>;
template <class Key>
using MapcoreGoCopy =
    MapcoreAdapter<Key, mapcore::GoFallbackHasher, mapcore::GoString>;
template <class Key>
using StdUnordered = StdLikeAdapter<std::unordered_map<Key, uint64_t>>;
template <class Key>
using AbslFlat = StdLikeAdapter<absl::flat_hash_map<Key, uint64_t>>;
template <class Key>
using BoostUnordered = StdLikeAdapter<boost::unordered_map<Key, uint64_t>>;

}  // namespace gomapfuzz::bench

#endif  // GOMAPFUZZ_BENCH_CONTAINERS_H_
