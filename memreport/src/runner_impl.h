// The typed half of the memory report: runs a scenario or a sweep on a
// mapcore map of concrete types and feeds Go's allocation rules (GoLedger)
// with what the map does. Included only by the generated runner_<key>.cc
// files (see runner.h).
#ifndef GOMAPFUZZ_MEMREPORT_SRC_RUNNER_IMPL_H_
#define GOMAPFUZZ_MEMREPORT_SRC_RUNNER_IMPL_H_

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "gomapfuzz/memreport/go_ledger.h"
#include "mapcore/introspect.h"
#include "mapcore/map.h"
#include "report_builder.h"
#include "runner.h"

namespace gomapfuzz::memreport::internal {

// Key number i (scenario.h's numbering) as the map's argument type.
template <class K>
struct KeyNumbering;

template <std::size_t N>
struct KeyNumbering<mapcore::Bytes<N>> {
  explicit KeyNumbering(int /*key_len*/) {}
  mapcore::Bytes<N> operator()(uint64_t i) {
    return mapcore::Bytes<N>::filled_from(i);
  }
  static uint64_t go_string_alloc(uint64_t) { return 0; }
};

template <>
struct KeyNumbering<mapcore::GoString> {
  explicit KeyNumbering(int key_len) : key_len(key_len) {}
  std::string_view operator()(uint64_t i) {
    buf = padded_decimal(i, key_len);
    return buf;
  }
  // What Go allocates for key i's bytes as a string of its own.
  uint64_t go_string_alloc(uint64_t i) const {
    return mapcore::go_roundupsize(padded_decimal(i, key_len).size());
  }
  int key_len;
  std::string buf;
};

// Turns a mapcore map's changes into GoLedger events. sync() after every
// operation compares the raw map's inspection surface with what it saw last:
// a new bucket array (first, or a growth), preallocated buckets handed out
// (nextOverflow moved), heap overflow buckets (new blocks at the head of the
// current array's list), the end of an evacuation, entries added or removed.
// Each check is O(1) or O(new blocks), so a million inserts stay fast.
template <class Raw>
class LedgerObserver {
 public:
  struct Events {
    bool growth_started = false;
    bool growth_finished = false;
    bool same_size = false;
  };

  LedgerObserver(const Raw& raw, GoLedger& ledger)
      : raw_(raw), ledger_(ledger) {
    ledger_.make_map();
    sync();  // makemap's array, if B > 0
  }

  Events sync() {
    Events e;
    if (raw_.buckets() != buckets_) e = on_new_array();
    const uint64_t pool = pool_index();
    for (; pool_index_ < pool; ++pool_index_) ledger_.new_overflow(true);
    const mapcore::BlockHeader* head = raw_.overflow_blocks().head;
    for (auto* b = head; b && b != overflow_head_; b = b->next) {
      ledger_.new_overflow(false);
    }
    overflow_head_ = head;
    if (growing_ && !raw_.growing()) {
      ledger_.finish_growth();
      e.growth_finished = true;
    }
    growing_ = raw_.growing();
    const int64_t count = raw_.size();
    for (; count_ < count; ++count_) ledger_.add_entry();
    for (; count_ > count; --count_) ledger_.remove_entry();
    return e;
  }

 private:
  uint64_t base() const { return uint64_t{1} << raw_.header().B; }
  // Index of nextOverflow in the array; the array's length once the pool is
  // used up (or when there never was one).
  uint64_t pool_index() const {
    if (!raw_.next_overflow()) return raw_.array_len();
    return static_cast<uint64_t>(raw_.next_overflow() - raw_.buckets());
  }

  Events on_new_array() {
    Events e;
    const bool has_pool = raw_.array_len() > base();
    if (buckets_ == nullptr) {
      ledger_.first_array(raw_.array_len(), has_pool);
    } else {
      // A growth that ended earlier in this same write (mapassign finishes
      // the old evacuation in growWork before it may start a new growth).
      if (growing_) {
        ledger_.finish_growth();
        e.growth_finished = true;
      }
      ledger_.start_growth(raw_.array_len(), has_pool);
      e.growth_started = true;
      e.same_size = raw_.same_size_grow();
    }
    buckets_ = raw_.buckets();
    pool_index_ = base();
    overflow_head_ = nullptr;  // the new array's list starts empty
    growing_ = false;  // the new generation's end is checked from here on
    if (e.growth_started) growing_ = true;
    return e;
  }

  const Raw& raw_;
  GoLedger& ledger_;
  const void* buckets_ = nullptr;
  uint64_t pool_index_ = 0;
  const mapcore::BlockHeader* overflow_head_ = nullptr;
  bool growing_ = false;
  int64_t count_ = 0;
};

template <class K, class V>
struct Typed {
  using MapT = mapcore::Map<K, V>;
  using Raw = typename MapT::Raw;

  static GoLedger::Shape shape() {
    GoLedger::Shape s;
    s.bucket_size = Raw::kBucketSize;
    s.key_object_bytes = Raw::kIndirectKey ? sizeof(K) : 0;
    s.value_object_bytes = Raw::kIndirectValue ? sizeof(V) : 0;
    return s;
  }
  static BucketSlots slots(bool bucket_has_pointers) {
    return {sizeof(typename Raw::KeySlot), sizeof(typename Raw::ValueSlot),
            bucket_has_pointers};
  }
  // Go's t.bucket.ptrdata != 0: string keys or values, out-of-line slots.
  static bool bucket_has_pointers(const TypeSpec& key, const TypeSpec& value) {
    return key.has_pointers() || value.has_pointers() || Raw::kIndirectKey ||
           Raw::kIndirectValue;
  }
  static MapT make(int64_t hint, uint64_t seed) {
    typename MapT::Options o;
    o.hint = hint;
    o.seed = seed;
    return MapT(o);
  }

  static Report run(const Scenario& s) {
    validate(s);
    GoLedger::Shape sh = shape();
    sh.bucket_has_pointers = bucket_has_pointers(s.key, s.value);
    GoLedger ledger(sh);
    MapT m = make(s.hint, s.seed);
    const uint32_t hash0 = mapcore::state(m).hash0;
    LedgerObserver<Raw> observer(mapcore::DebugAccess::raw(m), ledger);
    KeyNumbering<K> key(s.key_len);
    for (int64_t i = 0; i < s.n; ++i) {
      m.put(key(static_cast<uint64_t>(i)), V{});
      observer.sync();
    }
    for (int64_t i = 0; i < s.deletes; ++i) {
      m.erase(key(static_cast<uint64_t>(i)));
      observer.sync();
    }
    uint64_t string_alloc = 0;
    for (int64_t i = s.deletes; i < s.n; ++i) {
      string_alloc += key.go_string_alloc(static_cast<uint64_t>(i));
    }
    return build_report(s, hash0, mapcore::stats(m), ledger,
                        slots(sh.bucket_has_pointers), string_alloc);
  }

  static Sweep sweep(const SweepSpec& spec) {
    validate_sweep(spec);
    GoLedger::Shape sh = shape();
    sh.bucket_has_pointers = bucket_has_pointers(spec.key, spec.value);
    Sweep out;
    out.spec = spec;
    out.naive_entry_bytes = spec.key.size + spec.value.size;
    const std::vector<int64_t> grid =
        sweep_grid(spec.max_n, spec.points_per_decade);
    uint64_t total = static_cast<uint64_t>(spec.max_n);
    for (int64_t n : grid) total += static_cast<uint64_t>(n);
    sweep_no_hint(spec, sh, grid, out, total);
    uint64_t done = static_cast<uint64_t>(spec.max_n);
    for (int64_t n : grid) {
      out.with_hint.push_back(hinted_point(spec, sh, n));
      done += static_cast<uint64_t>(n);
      if (spec.progress) spec.progress(done, total);
    }
    return out;
  }

  static SweepPoint point(int64_t n, uint8_t B, const GoLedger& ledger) {
    const uint64_t live = ledger.live_bytes();
    return {n, B, live, n ? static_cast<double>(live) / n : 0.0,
            ledger.allocated_bytes()};
  }

  // One map from empty to max_n: grid points, and both sides of each event.
  static void sweep_no_hint(const SweepSpec& spec, const GoLedger::Shape& sh,
                            const std::vector<int64_t>& grid, Sweep& out,
                            uint64_t total) {
    GoLedger ledger(sh);
    MapT m = make(0, spec.seed);
    LedgerObserver<Raw> observer(mapcore::DebugAccess::raw(m), ledger);
    KeyNumbering<K> key(spec.key_len);
    std::size_t next_grid = 0;
    SweepPoint last;
    for (int64_t n = 1; n <= spec.max_n; ++n) {
      constexpr int64_t kProgressEvery = 1 << 16;
      if (spec.progress && n % kProgressEvery == 0) {
        spec.progress(static_cast<uint64_t>(n), total);
      }
      m.put(key(static_cast<uint64_t>(n - 1)), V{});
      const auto e = observer.sync();
      const SweepPoint now = point(n, mapcore::state(m).B, ledger);
      const bool event = e.growth_started || e.growth_finished;
      if (event && n > 1 &&
          (out.no_hint.empty() || out.no_hint.back().n < n - 1)) {
        out.no_hint.push_back(last);
      }
      if (e.growth_started) {
        out.growths.push_back({n, mapcore::state(m).B, e.same_size});
      }
      const bool on_grid = next_grid < grid.size() && grid[next_grid] == n;
      if (on_grid) ++next_grid;
      if (event || on_grid) out.no_hint.push_back(now);
      last = now;
    }
  }

  static SweepPoint hinted_point(const SweepSpec& spec,
                                 const GoLedger::Shape& sh, int64_t n) {
    GoLedger ledger(sh);
    MapT m = make(n, spec.seed);
    LedgerObserver<Raw> observer(mapcore::DebugAccess::raw(m), ledger);
    KeyNumbering<K> key(spec.key_len);
    for (int64_t i = 0; i < n; ++i) {
      m.put(key(static_cast<uint64_t>(i)), V{});
      observer.sync();
    }
    return point(n, mapcore::state(m).B, ledger);
  }
};

template <class K, std::size_t M>
Runner make_runner() {
  using T = Typed<K, mapcore::Bytes<M>>;
  return {&T::run, &T::sweep};
}

template <class K, std::size_t... I>
Runner runner_for_value_size(std::size_t size, std::index_sequence<I...>) {
  Runner r;
  (void)((kByteSizes[I] == size ? (r = make_runner<K, kByteSizes[I]>(), true)
                                : false) ||
         ...);
  return r;
}

template <class K>
Runner runner_for_key(std::size_t value_size) {
  return runner_for_value_size<K>(
      value_size, std::make_index_sequence<kByteSizes.size()>{});
}

}  // namespace gomapfuzz::memreport::internal

#endif  // GOMAPFUZZ_MEMREPORT_SRC_RUNNER_IMPL_H_
