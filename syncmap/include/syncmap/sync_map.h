// syncmap::SyncMap: Go 1.19's sync.Map (src/sync/map.go) in C++, over
// mapcore maps.
//
// sync.Map is a map that any number of threads may use at once, built for
// two patterns: keys written once and read many times (caches that only
// grow), and threads working on disjoint sets of keys. It holds two maps of
// the same keys to shared *entries*:
//
//   read   the read-only map, loaded atomically and read WITHOUT the lock.
//          It is never written after it is published; only its entries
//          change (a compare-and-swap on entry.p). With it, `amended`: the
//          dirty map holds a key read lacks.
//   dirty  the mutex-guarded map: every key of read that is not expunged,
//          plus the keys added since read was built. nil until the first
//          new key after a promotion.
//
// A Load, Store, LoadOrStore or LoadAndDelete of a key present in read
// never takes the lock. A key missing from read while amended is looked
// up in dirty under the lock and counts a *miss*; when the misses reach
// len(dirty), the cost of the misses has paid for copying, so dirty is
// *promoted*: it becomes the new read map (amended false), dirty becomes
// nil, misses 0. The first new key after that copies read into a fresh
// dirty (dirtyLocked), turning every deleted (nil) entry into *expunged*
// and leaving it out: an expunged entry exists in read only, so a Store to
// it must take the lock and put the entry back into dirty (unexpunge)
// before storing, or the value would vanish at the next promotion. Range
// promotes dirty first (if amended), then walks read without the lock: it
// is not a snapshot; each key is visited at most once.
//
// Where this port differs from Go, and why:
//   * Memory. Go's GC frees read maps, entries and values when unreachable.
//     Here each is retired through RCU (rcu.h): freed after every thread
//     that might still read it has left its read-side section. Every op
//     runs inside one such section; nothing ever waits for a grace period
//     while holding the mutex. The destructor waits for retired objects,
//     then frees what is left. Nothing leaks (tests count every byte).
//   * Allocation failure. Go dies when malloc fails. Here every op either
//     completes or throws std::bad_alloc with the map unchanged, contents
//     and internal state (amended, misses, dirty, expunged entries) alike
//     (the strong guarantee mapcore gives for its own maps). Allocations
//     an op needs (value box, entry, dirty map) are made before it changes
//     anything; a dirty map copied in part is undone (its expunged entries
//     go back to nil, which is the same state for every reader).
//   * read is one atomic word: the read map's address with `amended` in its
//     low bit (Go stores a fresh readOnly struct in an atomic.Value), so a
//     promotion cannot fail to allocate.
//   * Range walks the read map's buckets in layout order (a mapcore
//     iterator writes its map: it draws a start and sets flags; read maps
//     are shared by readers and must stay untouched). Go's order is random;
//     neither is specified.
//   * Keys are one type K (Go: any comparable), values one trivially
//     copyable V (Go: any); keys must equal themselves (no NaN: a NaN
//     lookup draws from the map's random source, which would be a write).
//
// Go 1.19 has Load, Store, LoadOrStore, LoadAndDelete, Delete, Range
// (Swap and CompareAndSwap came in Go 1.20).
#ifndef SYNCMAP_SYNC_MAP_H_
#define SYNCMAP_SYNC_MAP_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <type_traits>
#include <utility>

#include "mapcore/introspect.h"
#include "mapcore/map.h"
#include "syncmap/entry.h"
#include "syncmap/rcu.h"

namespace syncmap {

template <mapcore::MapKey K, class V,
          mapcore::Hasher H = mapcore::GoFallbackHasher>
class SyncMap {
  static_assert(!std::is_floating_point_v<K>,
                "keys must equal themselves: a NaN lookup writes its map");
  static_assert(std::is_trivially_copyable_v<V>);

 public:
  using EntryT = Entry<V>;
  using Box = ValueBox<V>;
  using Inner = mapcore::Map<K, EntryT*, H>;  // Go: map[any]*entry
  using key_arg = typename Inner::key_arg;
  using mapped_type = V;

  struct Options {
    // Where every byte comes from (maps, entries, value boxes). Must be
    // thread-safe: retired objects are freed on liburcu's call_rcu thread.
    pmr::memory_resource* resource = pmr::new_delete_resource();
    // Inner map k (counting every map this SyncMap makes) is seeded with
    // seed + k: runs repeat exactly.
    uint64_t seed = 0;
    H hasher{};
    SchedulePoint schedule_point = nullptr;  // see entry.h
  };

  SyncMap() : SyncMap(Options{}) {}
  explicit SyncMap(const Options& o) : opts_(o) {}
  SyncMap(const SyncMap&) = delete;
  SyncMap& operator=(const SyncMap&) = delete;
  ~SyncMap() { destroy_all(); }

  // Load: the value stored for k, if any.
  std::optional<V> load(key_arg k) {
    ReadSection rs;
    Read r = load_read();
    EntryT* e = r.find(k);
    if (e == nullptr && r.amended) {
      std::lock_guard lock(mu_);
#ifndef SYNCMAP_BUG_LOAD_NO_RECHECK
      // Read again under the lock: a promotion may have moved k into read
      // since the lock-free look.
      r = load_read();
      e = r.find(k);
      if (e == nullptr && r.amended) {
#else
      {
#endif
        e = find_in(dirty_, k);
        // Whether or not k is in dirty, it was a miss: the next ones will
        // hit read once dirty is promoted.
        miss_locked();
      }
    }
    if (e == nullptr) return std::nullopt;
    return e->load();
  }

  // Store: sets the value for k.
  void store(key_arg k, const V& v) {
    ReadSection rs;
    Box* box = make_box(v);  // Go allocates &value up front too
    Read r = load_read();
    if (EntryT* e = r.find(k); e && e->try_store(box, opts_.schedule_point))
      return;
    std::lock_guard lock(mu_);
    r = load_read();
    if (EntryT* e = r.find(k)) {
      if (e->is_expunged()) {
        // The entry was deleted and left out of dirty: put it back first,
        // so the value is not lost at the next promotion.
        put_dirty_or_free(k, e, box);
        e->unexpunge_locked();
      }
      e->store_locked(box);
    } else if (EntryT* de = find_in(dirty_, k)) {
      de->store_locked(box);
    } else {
      add_new_locked(r, k, box);
    }
  }

  // LoadOrStore: {the existing value, true} if k is present, else stores v
  // and returns {v, false}.
  std::pair<V, bool> load_or_store(key_arg k, const V& v) {
    ReadSection rs;
    Box* spare = nullptr;
    Read r = load_read();
    if (EntryT* e = r.find(k)) {
      auto res =
          e->try_load_or_store(v, spare, make_box_fn(), opts_.schedule_point);
      if (res) {
        free_unused(spare);
        return *res;
      }
    }
    if (spare == nullptr) spare = make_box(v);  // before any change
    std::lock_guard lock(mu_);
    r = load_read();
    std::pair<V, bool> out;
    if (EntryT* e = r.find(k)) {
      if (e->is_expunged()) {
        put_dirty_or_free(k, e, spare);
        e->unexpunge_locked();
      }
      out =
          *e->try_load_or_store(v, spare, make_box_fn(), opts_.schedule_point);
    } else if (EntryT* de = find_in(dirty_, k)) {
      out =
          *de->try_load_or_store(v, spare, make_box_fn(), opts_.schedule_point);
      miss_locked();
    } else {
      Box* b = std::exchange(spare, nullptr);
      add_new_locked(r, k, b);
      out = {v, false};
    }
    free_unused(spare);
    return out;
  }

  // LoadAndDelete: deletes k, returning the value it had, if any.
  std::optional<V> load_and_delete(key_arg k) {
    ReadSection rs;
    Read r = load_read();
    EntryT* e = r.find(k);
    bool unlinked = false;  // e left dirty: no map reaches it any more
    if (e == nullptr && r.amended) {
      std::lock_guard lock(mu_);
      r = load_read();
      e = r.find(k);
      if (e == nullptr && r.amended) {
        e = find_in(dirty_, k);
        dirty_->map.erase(k);  // may throw: nothing changed yet
        unlinked = e != nullptr;
        miss_locked();
      }
    }
    if (e == nullptr) return std::nullopt;
    std::optional<V> v = e->del(opts_.schedule_point);
    if (unlinked) retire(e);
    return v;
  }

  // Delete (in Go 1.19, LoadAndDelete without its result).
  void erase(key_arg k) { load_and_delete(k); }

  // Range: f(key, value) for each key, until f returns false. Not a
  // snapshot: see the top of the file.
  template <class F>
  void range(F&& f) {
    ReadSection rs;
    Read r = load_read();
    if (r.amended) {
      std::lock_guard lock(mu_);
      r = load_read();
      if (r.amended) {
        promote_locked();
        r = load_read();
      }
    }
    if (r.node == nullptr) return;
    bool go_on = true;
    for_each_entry(r.node->map, [&](key_arg k, EntryT* e) {
      if (!go_on) return;
      if (std::optional<V> v = e->load()) go_on = f(k, *v);
    });
  }

  // ---- The inspection surface (introspect.h, tests, tools). Call only
  // while no other thread uses the map. ----
  struct Internals {
    const Inner* read = nullptr;  // nullptr: Go's nil read map
    bool amended = false;
    const Inner* dirty = nullptr;  // nullptr: dirty == nil
    int64_t misses = 0;
  };
  Internals internals() const {
    const Read r = load_read();
    return {r.node ? &r.node->map : nullptr, r.amended,
            dirty_ ? &dirty_->map : nullptr, misses_};
  }
  static bool is_expunged(const EntryT* e) {
    return e->p.load(std::memory_order_acquire) == expunged<V>();
  }
  // Bytes of the block holding an inner map (its RCU header and the
  // mapcore::Map object), which mapcore's own byte count leaves out.
  static constexpr std::size_t map_node_bytes() { return sizeof(MapNode); }
  // Calls f(key, entry) for every entry of an inner map (layout order).
  template <class F>
  static void for_each_entry(const Inner& m, F&& f) {
    m.for_each_entry(f);
  }

 private:
  // A mapcore map with the header RCU needs (Go: the map's hmap).
  struct MapNode : Retirable {
    explicit MapNode(const typename Inner::Options& o) : map(o) {}
    Inner map;
  };
  static_assert(alignof(MapNode) >= 2, "the low bit holds `amended`");

  struct Read {
    MapNode* node = nullptr;
    bool amended = false;
    EntryT* find(key_arg k) const { return find_in(node, k); }
  };

  static EntryT* find_in(MapNode* n, key_arg k) {
    if (n == nullptr) return nullptr;
    EntryT** e = n->map.find(k);
    return e ? *e : nullptr;
  }

  Read load_read() const {
    const uintptr_t w = read_.load(std::memory_order_acquire);
    return {reinterpret_cast<MapNode*>(w & ~uintptr_t{1}), (w & 1) != 0};
  }
  void publish_read(MapNode* n, bool amended) {
    read_.store(reinterpret_cast<uintptr_t>(n) | (amended ? 1 : 0),
                std::memory_order_release);
  }

  Box* make_box(const V& v) { return make_retirable<Box>(opts_.resource, v); }
  auto make_box_fn() {
    return [this](const V& v) { return make_box(v); };
  }
  static void free_unused(Box* b) {
    if (b) destroy_now(b);  // never published
  }

  MapNode* make_map(int64_t hint) {
    typename Inner::Options o;
    o.hint = hint;
    o.seed = opts_.seed + maps_made_;
    o.hasher = opts_.hasher;
    o.alloc = mapcore::DefaultAllocator(opts_.resource);
    MapNode* n = make_retirable<MapNode>(opts_.resource, o);
    ++maps_made_;
    return n;
  }

  // m.dirty[k] = e for an entry that is not in dirty; on failure frees
  // box (the op's only allocation so far) and rethrows.
  void put_dirty_or_free(key_arg k, EntryT* e, Box* box) {
    try {
      dirty_->map.put(k, e);
    } catch (...) {
      free_unused(box);
      throw;
    }
  }

  // A key in neither map: m.dirty[k] = newEntry(value), building dirty
  // first if read is not amended. Strong guarantee.
  void add_new_locked(const Read& r, key_arg k, Box* box) {
    EntryT* e;
    try {
      e = make_retirable<EntryT>(opts_.resource, box);
    } catch (...) {
      free_unused(box);
      throw;
    }
    const bool made_dirty = !r.amended && dirty_locked_or_undo(e);
    try {
      dirty_->map.put(k, e);
    } catch (...) {
      if (made_dirty) undo_dirty_locked();
      destroy_now(e);  // frees box too
      throw;
    }
    if (!r.amended) publish_read(r.node, true);
  }

  // dirtyLocked: dirty = a copy of read without its deleted entries, which
  // become expunged. Returns whether it built one. On failure, undoes it
  // and frees e (with its box) before rethrowing.
  bool dirty_locked_or_undo(EntryT* e) {
    if (dirty_ != nullptr) return false;
    const Read r = load_read();
    try {
      dirty_ = make_map(r.node ? r.node->map.size() : 0);
      if (r.node) {
        for_each_entry(r.node->map, [&](key_arg k, EntryT* re) {
          if (!re->try_expunge_locked(opts_.schedule_point))
            dirty_->map.put(k, re);
        });
      }
    } catch (...) {
      undo_dirty_locked();
      destroy_now(e);
      throw;
    }
    return true;
  }

  // Drops a dirty map readers never saw (dirty is read under the lock
  // only) and turns the entries it expunged back into nil.
  void undo_dirty_locked() {
    const Read r = load_read();
    if (r.node) {
      for_each_entry(r.node->map, [](key_arg, EntryT* re) {
        re->unexpunge_after_failure();
      });
    }
    if (dirty_) destroy_now(dirty_);
    dirty_ = nullptr;
  }

  int64_t dirty_len() const { return dirty_ ? dirty_->map.size() : 0; }

  // missLocked: a miss; promote dirty once the misses reach its length.
  void miss_locked() {
    ++misses_;
#ifdef SYNCMAP_BUG_PROMOTE_LATE
    if (misses_ <= dirty_len()) return;
#else
    if (misses_ < dirty_len()) return;
#endif
    promote_locked();
  }

  // read = {m: dirty}; dirty = nil; misses = 0. The old read map and its
  // expunged entries (in no other map) are retired.
  void promote_locked() {
    MapNode* old = load_read().node;
    publish_read(dirty_, false);
    dirty_ = nullptr;
#ifndef SYNCMAP_BUG_MISSES_NOT_RESET
    misses_ = 0;
#endif
    if (old) {
      for_each_entry(old->map, [](key_arg, EntryT* e) {
        if (is_expunged(e)) retire(e);
      });
      retire(old);
    }
  }

  void destroy_all() {
    wait_for_retired();
    const Read r = load_read();
    if (dirty_) {
      for_each_entry(dirty_->map, [&](key_arg k, EntryT* e) {
        if (find_in(r.node, k) != e) destroy_now(e);
      });
      destroy_now(dirty_);
    }
    if (r.node) {
      for_each_entry(r.node->map, [](key_arg, EntryT* e) { destroy_now(e); });
      destroy_now(r.node);
    }
  }

  Options opts_;
  std::atomic<uintptr_t> read_{0};  // MapNode* | amended
  std::mutex mu_;
  MapNode* dirty_ = nullptr;  // guarded by mu_
  int64_t misses_ = 0;        // guarded by mu_
  uint64_t maps_made_ = 0;    // guarded by mu_
};

}  // namespace syncmap

#endif  // SYNCMAP_SYNC_MAP_H_
