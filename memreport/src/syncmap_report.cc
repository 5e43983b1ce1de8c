#include "gomapfuzz/memreport/syncmap_report.h"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "gomapfuzz/harness/synchronized_resource.h"
#include "mapcore/counting_resource.h"
#include "mapcore/introspect.h"
#include "mapcore/map.h"
#include "mapcore/size_classes.h"
#include "syncmap/introspect.h"
#include "syncmap/sync_map.h"

namespace gomapfuzz::memreport {
namespace {

using SyncMapT = syncmap::SyncMap<uint64_t, uint64_t>;

// A mapcore map laid out as Go's map[any]*entry: 16-byte keys (an
// interface: type word and data word), 8-byte values (a pointer). Only its
// static layout is used: makeBucketArray's length for a B (mapcore's own
// array_shape, so the arithmetic is written once).
using GoAnyEntryRaw = mapcore::Map<mapcore::Bytes<16>, uint64_t>::Raw;
static_assert(GoAnyEntryRaw::kBucketSize == 208,
              "Go 1.19's map[any]*entry bucket: 8 + 8*16 + 8*8 + 8 bytes");

// Sizes of Go 1.19's objects (amd64): runtime.hmap, runtime.mapextra,
// sync.entry (one unsafe.Pointer), an `any` (two words), sync.readOnly
// ({map, bool}: 9 bytes rounded up to the 16-byte size class).
constexpr uint64_t kGoHmap = 48;
constexpr uint64_t kGoMapextra = 24;
constexpr uint64_t kGoEntry = 8;
constexpr uint64_t kGoAny = 16;
constexpr uint64_t kGoReadOnly = 16;
// convT64 boxes a uint64 below 256 into runtime.staticuint64s, without
// allocating; a larger one is 8 bytes of the tiny allocator, which packs
// such objects into 16-byte blocks.
constexpr uint64_t kGoStaticUints = 256;
constexpr uint64_t kGoTinyBlock = 16;

uint64_t go_array_bytes(unsigned b) {
  return mapcore::go_roundupsize(GoAnyEntryRaw::array_shape(b).len *
                                 GoAnyEntryRaw::kBucketSize);
}

// Go's live bytes for a map[any]*entry in the state of the port's inner
// map: the hmap; the bucket array for B with its preallocated pool (none
// before the first insert into a B = 0 map); the mapextra that holds the
// pool's cursor, allocated once the map has a pool (B >= 4) and never
// freed; the old array while a growth evacuates. Heap overflow buckets are
// apart (*overflow).
uint64_t go_map_bytes(const mapcore::MapStats& st, uint64_t* overflow) {
  uint64_t bytes = kGoHmap;
  if (st.buckets > 0) bytes += go_array_bytes(st.B);
  if (st.B >= 4) bytes += kGoMapextra;
  if (st.growing) {
    bytes += go_array_bytes(st.same_size_grow ? st.B : st.B - 1);
  }
  *overflow += st.overflow_heap + st.old_overflow_heap;
  return bytes;
}

uint64_t cpp_map_bytes(const mapcore::MapStats& st) {
  return SyncMapT::map_node_bytes() + st.mapcore_bytes;
}

SyncMapState measure(SyncMapPhase phase, const SyncMapT& m,
                     const mapcore::CountingResource& counting) {
  // Objects retired by promotions (old read maps, their expunged entries)
  // are freed after a grace period: wait, then count.
  syncmap::wait_for_retired();
  SyncMapState s;
  s.phase = phase;
  const auto in = m.internals();
  const auto st = syncmap::state(m);
  s.amended = st.amended;
  s.misses = st.misses;

  GoSyncMapBytes& go = s.go;
  CppSyncMapBytes& cpp = s.cpp;
  if (in.read) {
    const mapcore::MapStats rs = mapcore::stats(*in.read);
    s.read_len = rs.count;
    s.read_B = rs.B;
    go.read_map = go_map_bytes(rs, &go.overflow_buckets);
    cpp.read_map = cpp_map_bytes(rs);
  }
  if (in.dirty) {
    const mapcore::MapStats ds = mapcore::stats(*in.dirty);
    s.dirty_len = ds.count;
    s.dirty_B = ds.B;
    go.dirty_map = go_map_bytes(ds, &go.overflow_buckets);
    cpp.dirty_map = cpp_map_bytes(ds);
  }
  go.overflow =
      go.overflow_buckets * mapcore::go_roundupsize(GoAnyEntryRaw::kBucketSize);
  // The readOnly box: Go stores one at the first Store and at every
  // promotion; only the last is reachable.
  if (in.read || st.amended) go.read_only = kGoReadOnly;

  // Read and dirty share an entry (and the key's interface, which
  // dirtyLocked copies) for every key in both: count distinct ones.
  std::vector<const void*> read_entries;
  std::vector<uint64_t> keys;
  uint64_t entries = 0;
  uint64_t values = 0;
  uint64_t boxed = 0;  // uint64s >= 256 behind interfaces: keys and values
  auto add = [&](const auto& v) {
    ++entries;
    if (v.state != syncmap::EntryState::kValue) return;
    ++values;
    if (v.value >= kGoStaticUints) ++boxed;
  };
  for (const auto& v : st.read) {
    keys.push_back(v.key);
    read_entries.push_back(v.entry);
    add(v);
  }
  std::sort(read_entries.begin(), read_entries.end());
  for (const auto& v : st.dirty) {
    keys.push_back(v.key);
    if (!std::binary_search(read_entries.begin(), read_entries.end(),
                            v.entry)) {
      add(v);
    }
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  boxed += static_cast<uint64_t>(
      keys.end() - std::lower_bound(keys.begin(), keys.end(), kGoStaticUints));
  go.entries = entries * kGoEntry;
  go.value_boxes = values * kGoAny;
  go.data = (boxed * sizeof(uint64_t) + kGoTinyBlock - 1) / kGoTinyBlock *
            kGoTinyBlock;

  cpp.entry_bytes = sizeof(SyncMapT::EntryT);
  cpp.box_bytes = sizeof(SyncMapT::Box);
  cpp.entries = entries * cpp.entry_bytes;
  cpp.value_boxes = values * cpp.box_bytes;
  cpp.total = counting.live_bytes();
  const uint64_t parts =
      cpp.read_map + cpp.dirty_map + cpp.entries + cpp.value_boxes;
  if (parts != cpp.total) {
    throw std::logic_error(
        "syncmap report: the parts add up to " + std::to_string(parts) +
        " bytes, the counting resource holds " + std::to_string(cpp.total));
  }
  return s;
}

}  // namespace

const char* phase_name(SyncMapPhase p) {
  switch (p) {
    case SyncMapPhase::kStored:
      return "stored";
    case SyncMapPhase::kPromoted:
      return "promoted";
    case SyncMapPhase::kRedirtied:
      return "redirtied";
  }
  return "?";
}

uint64_t GoSyncMapBytes::total() const {
  return read_map + dirty_map + overflow + read_only + entries + value_boxes +
         data;
}

SyncMapReport run_syncmap_scenario(int64_t n, uint64_t seed) {
  if (n < 0) throw ScenarioError("-n must be >= 0");
  SyncMapReport r;
  r.n = n;
  r.seed = seed;
  // call_rcu's thread frees retired objects: the count needs a lock.
  mapcore::CountingResource counting;
  SynchronizedResource sync(&counting);
  {
    SyncMapT m({.resource = &sync, .seed = seed});
    const auto u = static_cast<uint64_t>(n);
    for (uint64_t i = 0; i < u; ++i) m.store(i, i);
    r.states[0] = measure(SyncMapPhase::kStored, m, counting);
    for (uint64_t i = 0; i < u; ++i) m.load(i);
    r.states[1] = measure(SyncMapPhase::kPromoted, m, counting);
    m.store(u, u);
    r.states[2] = measure(SyncMapPhase::kRedirtied, m, counting);
  }
  Scenario plain;
  plain.key = *parse_type("uint64");
  plain.value = *parse_type("uint64");
  plain.n = n;
  plain.seed = seed;
  r.plain = run_scenario(plain);
  return r;
}

}  // namespace gomapfuzz::memreport
