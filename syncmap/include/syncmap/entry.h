// entry: the slot a key owns in sync.Map (Go 1.19 sync/map.go, `entry`).
//
// Both the read map and the dirty map map a key to a pointer to the same
// Entry; the value lives behind Entry::p, so a store to a key present in
// the read map is one compare-and-swap, without the mutex. p is
//   * nullptr:    deleted, and either dirty is nil or the key is in dirty;
//   * expunged(): deleted, dirty is not nil, and the key is NOT in dirty
//                 (only the read map still holds the entry);
//   * a value box (Go's *any): the key's value.
// Every value box is immutable once published; replacing a value swaps in
// a new box and retires the old one (readers may still be reading it).
#ifndef SYNCMAP_ENTRY_H_
#define SYNCMAP_ENTRY_H_

#include <atomic>
#include <optional>
#include <type_traits>
#include <utility>

#include "syncmap/rcu.h"

namespace syncmap {

// Go's `*any`: one heap box per stored value.
template <class V>
struct ValueBox : Retirable {
  explicit ValueBox(const V& v) : value(v) {}
  ValueBox() = default;
  V value{};
};

// The expunged marker: an address no real box can have (Go:
// `var expunged = unsafe.Pointer(new(any))`). Never retired.
template <class V>
ValueBox<V>* expunged() {
  static ValueBox<V> marker;
  return &marker;
}

// Points where another thread may usefully interleave (the chaos tests
// hook their jitter in; nullptr in production: one predictable branch).
using SchedulePoint = void (*)();

// The planted bugs (SYNCMAP_BUG_*) exist only in test builds that define
// one of them (syncmap/CMakeLists.txt); see syncmap/README.md.
template <class V>
struct Entry : Retirable {
  using Box = ValueBox<V>;

  explicit Entry(Box* box) : p(box) {}
  // Only a map being destroyed, or the grace period after the entry left
  // both maps, destroys an entry: nobody else can reach its box.
  ~Entry() {
    Box* b = p.load(std::memory_order_relaxed);
    if (b != nullptr && b != expunged<V>()) destroy_now(b);
  }

  static bool is_value(const Box* b) {
    return b != nullptr && b != expunged<V>();
  }

  // load(): the value, if the entry holds one.
  std::optional<V> load() const {
    const Box* b = p.load(std::memory_order_acquire);
    if (!is_value(b)) return std::nullopt;
    return b->value;
  }

  // tryStore: stores box unless the entry is expunged (false: box unused).
  bool try_store(Box* box, SchedulePoint sp) {
    Box* old = p.load(std::memory_order_acquire);
    for (;;) {
#ifndef SYNCMAP_BUG_STORE_EXPUNGED
      if (old == expunged<V>()) return false;
#endif
      if (sp) sp();
      if (p.compare_exchange_weak(old, box, std::memory_order_acq_rel,
                                  std::memory_order_acquire)) {
        if (is_value(old)) retire(old);
        return true;
      }
    }
  }

  // unexpungeLocked's test (the caller adds the entry to dirty, then calls
  // unexpunge_locked): only a holder of the mutex changes expunged.
  bool is_expunged() const {
    return p.load(std::memory_order_acquire) == expunged<V>();
  }
  void unexpunge_locked() { p.store(nullptr, std::memory_order_release); }

  // storeLocked: the entry is known not to be expunged.
  void store_locked(Box* box) {
    Box* old = p.exchange(box, std::memory_order_acq_rel);
    if (is_value(old)) retire(old);
  }

  // tryLoadOrStore: {actual, loaded} unless the entry is expunged
  // (nullopt). Stores `spare` if the entry is deleted; *spare is set to
  // nullptr when the box was used. A nullptr spare is allocated when
  // needed (a throw then leaves the entry as it was).
  template <class MakeBox>
  std::optional<std::pair<V, bool>> try_load_or_store(const V& v, Box*& spare,
                                                      MakeBox&& make_box,
                                                      SchedulePoint sp) {
    Box* cur = p.load(std::memory_order_acquire);
    if (cur == expunged<V>()) return std::nullopt;
    if (cur != nullptr) return std::pair<V, bool>(cur->value, true);
    if (spare == nullptr) spare = make_box(v);
    for (;;) {
      if (sp) sp();
#ifdef SYNCMAP_BUG_LOAD_OR_STORE_NO_CAS
      p.store(spare, std::memory_order_release);
      spare = nullptr;
      return std::pair<V, bool>(v, false);
#else
      Box* expected = nullptr;
      if (p.compare_exchange_strong(expected, spare, std::memory_order_acq_rel,
                                    std::memory_order_acquire)) {
        spare = nullptr;
        return std::pair<V, bool>(v, false);
      }
      if (expected == expunged<V>()) return std::nullopt;
      if (expected != nullptr) return std::pair<V, bool>(expected->value, true);
#endif
    }
  }

  // delete(): the value it held, if any; the entry becomes nil.
  std::optional<V> del(SchedulePoint sp) {
    Box* cur = p.load(std::memory_order_acquire);
    for (;;) {
      if (!is_value(cur)) return std::nullopt;
      if (sp) sp();
      if (p.compare_exchange_weak(cur, nullptr, std::memory_order_acq_rel,
                                  std::memory_order_acquire)) {
        const V v = cur->value;
        retire(cur);
        return v;
      }
    }
  }

  // tryExpungeLocked: a deleted (nil) entry becomes expunged; true if the
  // entry is (now) expunged. A CAS, because a Store may fill the nil entry
  // at the same moment without the mutex.
  bool try_expunge_locked(SchedulePoint sp) {
    Box* cur = p.load(std::memory_order_acquire);
    while (cur == nullptr) {
      if (sp) sp();
#ifdef SYNCMAP_BUG_EXPUNGE_NO_CAS
      p.store(expunged<V>(), std::memory_order_release);
      return true;
#else
      if (p.compare_exchange_weak(cur, expunged<V>(), std::memory_order_acq_rel,
                                  std::memory_order_acquire)) {
        return true;
      }
#endif
    }
    return cur == expunged<V>();
  }

  // Undoes try_expunge_locked when building dirty fails (out of memory):
  // under the mutex, nobody else changes an expunged entry.
  void unexpunge_after_failure() {
    Box* e = expunged<V>();
    p.compare_exchange_strong(e, nullptr, std::memory_order_acq_rel);
  }

  std::atomic<Box*> p;
};

}  // namespace syncmap

#endif  // SYNCMAP_ENTRY_H_
