// mapcore::Map<K, V> as a driver of the executor (driver.h), typed: every
// tier at compile time, plus mapcore's typed layout (CheckedDriver: the
// invariant checker, growth counters, the bytes the map reports).
//
// This is how mapcore's own suites (the replayer, the properties, the fuzz
// targets, the chaos sweep, the Go oracle) reach it: no C ABI in between, so
// value types other than uint64 (bytesN) and the checker's typed view are
// there. Users' subjects, and mapcore for `gomapfuzz fuzz`, go through the
// C ABI instead (abi_driver.h); both meet in the same executor.
#ifndef GOMAPFUZZ_HARNESS_MAPCORE_DRIVER_H_
#define GOMAPFUZZ_HARNESS_MAPCORE_DRIVER_H_

#include <array>
#include <memory>
#include <new>
#include <optional>
#include <string>

#include "gomapfuzz/harness/driver.h"
#include "gomapfuzz/harness/typed_values.h"
#include "mapcore/introspect.h"
#include "mapcore/layout_fingerprint.h"
#include "mapcore/map.h"

namespace gomapfuzz {

template <class K, class V>
class MapcoreDriver {
 public:
  using MapT = mapcore::Map<K, V, mapcore::DynamicHasher>;
  using Iterator = typename MapT::Iterator;
  // Go's mapiterinit runs at a range loop's first step.
  static constexpr bool kRangeStartsAtOpen = false;

  MapcoreDriver() = default;
  MapcoreDriver(const MapcoreDriver&) = delete;
  MapcoreDriver& operator=(const MapcoreDriver&) = delete;
  ~MapcoreDriver() { destroy(); }

  bool has(Tier) const { return true; }

  // ---- (a) ----

  OpStatus make(const MapConfig& c) {
    destroy();
    typename MapT::Options o;
    o.hint = c.hint;
    o.seed = c.seed;
    o.hasher = c.hasher.make();
    if (c.memory) o.alloc = mapcore::DefaultAllocator(c.memory);
    try {
      map_ = std::make_unique<MapT>(o);
    } catch (const std::bad_alloc&) {
      return OpStatus::kNoMem;
    }
    checker_.emplace(*map_);
    return OpStatus::kOk;
  }
  void destroy() {
    for (auto& it : iters_) it.reset();
    checker_.reset();
    map_.reset();
  }
  // A failed allocation throws std::bad_alloc (mapcore's strong guarantee:
  // the map is as it was); the executor takes it for kNoMem.
  OpStatus put(const TraceKey& k, uint64_t v) {
    return map_->put(KeyConv<K>::arg(k), ValueConv<V>::make(v))
               ? OpStatus::kOk
               : OpStatus::kNone;
  }
  Lookup get(const TraceKey& k) {
    const V* v = map_->find(KeyConv<K>::arg(k));
    if (v == nullptr) return {};
    return {true, ValueConv<V>::back(*v)};
  }
  OpStatus erase(const TraceKey& k) {
    return map_->erase(KeyConv<K>::arg(k)) ? OpStatus::kOk : OpStatus::kNone;
  }
  void clear() { map_->clear(); }
  int64_t size() const { return map_->size(); }

  OpStatus iter_open(int slot, const std::optional<mapcore::IterStart>& start) {
    iters_[slot].reset();
    iters_[slot].emplace(start ? map_->iterate_from(*start) : map_->iterate());
    return OpStatus::kOk;
  }
  bool iter_next(int slot, Yielded& y) {
    Iterator& it = *iters_[slot];
    if (!it.next()) return false;
    y.key = KeyConv<K>::back(it.key());
    y.value = ValueConv<V>::back(it.value());
    return true;
  }
  void iter_close(int slot) { iters_[slot].reset(); }

  // ---- (c) and the typed layout ----

  std::string dump() const { return mapcore::dump(*map_); }
  uint64_t fingerprint() const { return mapcore::layout_fingerprint(*map_); }

  std::vector<mapcore::Violation> check_full() { return checker_->full(); }
  void note_touched(const TraceKey* key) {
    if (key == nullptr) {
      checker_->before_op(static_cast<const Arg*>(nullptr));
      return;
    }
    const Arg arg = KeyConv<K>::arg(*key);
    checker_->before_op(&arg);
  }
  std::vector<mapcore::Violation> check_touched(bool cleared) {
    return checker_->after_op(cleared);
  }
  // The header and counters in O(1): growth state, B, the bytes it holds.
  mapcore::MapState state() const { return mapcore::state(*map_); }
  std::optional<mapcore::IterStart> iter_start(int slot) const {
    if (!iters_[slot]) return std::nullopt;
    return iters_[slot]->start();
  }
  std::string yield_text(int slot) const {
    const Iterator& it = *iters_[slot];
    return mapcore::format_slot(it.stored_key(), true) + "=" +
           mapcore::format_slot(it.value(), true);
  }

  // The map itself, for what only mapcore has (stats, snapshots, the
  // oracle's header dump).
  MapT& map() { return *map_; }
  const MapT& map() const { return *map_; }

 private:
  using Arg = std::decay_t<decltype(KeyConv<K>::arg(std::declval<TraceKey>()))>;

  std::unique_ptr<MapT> map_;
  std::optional<mapcore::IncrementalInvariants<MapT>> checker_;
  // Declared after the map: destroyed first.
  std::array<std::optional<Iterator>, kFullRangeSlot + 1> iters_;
};

}  // namespace gomapfuzz

#endif  // GOMAPFUZZ_HARNESS_MAPCORE_DRIVER_H_
