// mapcore::Map: Go 1.19's map as a C++ container.
//
//   mapcore::Map<uint64_t, uint64_t> m;            // make(map[uint64]uint64)
//   m.put(17, 42);                                 // m[17] = 42
//   if (auto v = m.get(17)) ...                    // v, ok := m[17]
//   m.erase(17);                                   // delete(m, 17)
//   for (auto it = m.iterate(); it.next();)        // for k, v := range m
//     use(it.key(), it.value());
//
// Layers: KeyPolicy (how Go treats a key type) under RawMap (the algorithms of
// runtime/map.go) under this class (the user-facing API). Introspection
// (stats, layout dump, invariant checker) lives in introspect.h and reads the
// raw map's inspection surface; the map itself has no test-only branches.
//
// Template parameters:
//   K      key: uint64_t, int64_t, int32_t, uint32_t, double, GoString (the
//          map copies the bytes), SharedString (the map shares the caller's
//          bytes, as Go does), or Bytes<N>; keys over 128 bytes are stored out
//          of line, as in Go.
//   V      value: any trivially copyable type; over 128 bytes out of line.
//   H      hasher (hash/hashers.h): Go's fallback hash by default.
//   Alloc  allocator of std::byte; every byte the map owns comes from it.
//          Default: a Boost.Container pmr polymorphic_allocator, so a
//          counting or failing memory_resource can watch every allocation.
//
// Semantics are Go's: iteration order is randomised (seeded, or given
// explicitly), iterating while inserting and deleting is allowed, deletes
// never shrink the map, and two threads writing at once are reported as
// "concurrent map writes" (misuse.h). Not thread-safe, like Go's map.
#ifndef MAPCORE_MAP_H_
#define MAPCORE_MAP_H_

#include <boost/container/pmr/polymorphic_allocator.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>

#include "mapcore/debug_access.h"
#include "mapcore/raw_map.h"

namespace mapcore {

using DefaultAllocator =
    boost::container::pmr::polymorphic_allocator<std::byte>;

template <MapKey K, class V, Hasher H = GoFallbackHasher,
          class Alloc = DefaultAllocator>
class Map {
 public:
  using Raw = RawMap<K, V, H, Alloc>;
  using key_arg = typename Raw::Arg;

  struct Options {
    int64_t hint =
        0;  // make(map[K]V, hint); bogus hints are ignored as Go does
    uint64_t seed = 0;  // seeds hash0, iteration starts, NaN hashes
    H hasher{};
    Alloc alloc{};
  };

  Map() : Map(Options{}) {}
  explicit Map(int64_t hint) : Map(Options{.hint = hint}) {}
  explicit Map(const Options& o) : raw_(o.hint, o.hasher, o.seed, o.alloc) {}

  Map(const Map&) = delete;
  Map& operator=(const Map&) = delete;

  int64_t size() const { return raw_.size(); }
  bool empty() const { return size() == 0; }

  // m[k] = v. Returns true when k was not in the map. If an allocation
  // throws, the map is left exactly as it was.
  bool put(key_arg k, const V& v) { return raw_.assign(k, v); }

  // m[k] as an lvalue (Go's mapassign): the value of k, inserted with a zero
  // value when absent, so `m[k] += 1` works as in Go. Valid until the next
  // write.
  V& operator[](key_arg k) { return *raw_.assign_slot(k).elem; }

  // A pointer to m[k]'s value, valid until the next write; nullptr if absent.
  V* find(key_arg k) { return raw_.find(k); }
  std::optional<V> get(key_arg k) {
    if (V* v = find(k)) return *v;
    return std::nullopt;
  }
  bool contains(key_arg k) { return find(k) != nullptr; }

  // delete(m, k). Returns true when k was present.
  bool erase(key_arg k) { return raw_.erase(k); }

  // Go 1.19's mapclear: keeps the bucket array, drops everything else.
  void clear() { raw_.clear(); }

  // A Go-style iterator: next() advances (the first call is mapiterinit),
  // key()/value() read the current entry. Inserting and deleting while it is
  // open is allowed. It must not outlive its map.
  class Iterator {
   public:
    Iterator(Iterator&& o) noexcept
        : raw_(std::exchange(o.raw_, nullptr)),
          state_(o.state_),
          start_(o.start_),
          started_(o.started_) {}
    Iterator& operator=(Iterator&&) = delete;
    Iterator(const Iterator&) = delete;
    ~Iterator() {
      if (raw_) raw_->iterator_closed();
    }

    bool next() {
      if (!started_) {
        started_ = true;
        raw_->iter_init(state_, start_);
      } else {
        raw_->iter_next(state_);
      }
      return state_.key != nullptr;
    }
    bool done() const { return started_ && state_.key == nullptr; }
    key_arg key() const {
      raw_->reveal_entry(state_);
      return Raw::KP::arg_of(*state_.key);
    }
    const K& stored_key() const {
      raw_->reveal_entry(state_);
      return *state_.key;
    }
    V& value() const {
      raw_->reveal_entry(state_);
      return *state_.elem;
    }
    // Go's hiter.startBucket / hiter.offset, known after the first next().
    IterStart start() const { return {state_.start_bucket, state_.offset}; }

   private:
    friend class Map;
    Iterator(Raw* raw, std::optional<IterStart> start)
        : raw_(raw), start_(start) {
      raw_->iterator_opened();
    }

    Raw* raw_;
    typename Raw::IterState state_{};
    std::optional<IterStart> start_;
    bool started_ = false;
  };

  // for k, v := range m, starting where the map's random source says.
  Iterator iterate() { return Iterator(&raw_, std::nullopt); }
  // The same, from a given start bucket and slot offset (Go's hiter fields).
  Iterator iterate_from(IterStart start) { return Iterator(&raw_, start); }

  // Walks every live entry, f(key, value), without an iterator's side
  // effects (an iterator is a write: it draws a start and flags the map):
  // readers that share a map under a read lock can copy it this way.
  template <class F>
  void for_each_entry(F&& f) const {
    raw_.for_each_live_entry(f);
  }

 private:
  friend struct DebugAccess;  // debug_access.h: the introspection's door
  Raw raw_;
};

}  // namespace mapcore

#endif  // MAPCORE_MAP_H_
