// Introspection: stats(), dump() and check_invariants() for a mapcore map.
//
// This is mapcore's export_test.go: a read-only surface over the raw map's
// state that tools and tests use, kept out of the map's own code paths. It
// reads the map through DebugAccess (debug_access.h), the one door.
//   stats(m)             counts, growth state, chain histogram, and memory
//                        both as Go would allocate it and as mapcore holds it
//   state(m)             the header and counters alone, in O(1)
//   dump(m)              the layout dump (format in corpus/README.md), the
//                        same text the Go oracle prints for the real runtime
//   check_invariants(m)  every structural rule of Go's map; each violation
//                        names the bucket, the slot and the rule
#ifndef MAPCORE_INTROSPECT_H_
#define MAPCORE_INTROSPECT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "mapcore/map.h"
#include "mapcore/slot_format.h"

namespace mapcore {

struct MapStats {
  int64_t count = 0;
  uint8_t B = 0;
  uint16_t noverflow = 0;
  uint8_t flags = 0;
  uint32_t hash0 = 0;
  bool growing = false;
  bool same_size_grow = false;
  uint64_t nevacuate = 0;
  uint64_t doublings = 0;          // growths started over the map's life
  uint64_t same_size_growths = 0;  // ... of which kept B

  uint64_t bucket_size = 0;      // bytes per bucket: Go's t.bucketsize
  uint64_t buckets = 0;          // 2^B (0 before the first bucket exists)
  uint64_t array_buckets = 0;    // current array length, preallocated included
  uint64_t prealloc_total = 0;   // preallocated overflow buckets in the array
  uint64_t prealloc_free = 0;    // ... not handed out yet
  uint64_t overflow_in_use = 0;  // overflow buckets in current chains
  uint64_t overflow_heap = 0;    // ... of which allocated one by one
  uint64_t old_array_buckets = 0;  // while growing
  uint64_t old_overflow_heap = 0;  // heap overflow buckets of the old array
  // chain_histogram[n]: buckets of the current array whose chain has n
  // buckets (n = 1: no overflow).
  std::vector<uint64_t> chain_histogram;

  // What the real Go runtime allocates for this state (malloc size classes).
  uint64_t go_array_bytes = 0;     // current bucket array
  uint64_t go_overflow_bytes = 0;  // heap overflow buckets, current array
  uint64_t go_old_bytes = 0;       // old array + its heap overflow buckets
  uint64_t go_indirect_bytes = 0;  // out-of-line keys and values
  uint64_t go_total_bytes = 0;     // all of the above
  uint64_t key_data_bytes = 0;     // string bytes the keys point to
  double bytes_per_entry = 0;      // go_total_bytes / count

  // What mapcore holds (a counting allocator must see exactly this).
  uint64_t mapcore_bytes = 0;
  uint64_t mapcore_blocks = 0;
  uint64_t retired_bytes = 0;  // parked for open iterators
};

struct Violation {
  std::string rule;   // short name of the invariant
  std::string where;  // "bucket 3 slot 5", "old bucket 1", "map"
  std::string detail;

  std::string to_string() const {
    return rule + " at " + where + ": " + detail;
  }
};

// The map's header and counters, in O(1): what an op changed, cheaply
// enough to ask after every op (stats() walks the buckets).
struct MapState {
  int64_t count = 0;
  uint8_t flags = 0;
  uint8_t B = 0;
  uint16_t noverflow = 0;
  uint32_t hash0 = 0;
  uint64_t nevacuate = 0;
  bool growing = false;
  bool same_size_grow = false;
  uint64_t doublings = 0;          // growths started over the map's life
  uint64_t same_size_growths = 0;  // ... of which kept B
  uint64_t mapcore_bytes = 0;      // what the map holds (stats' figure)
  int live_iterators = 0;
};

template <class MapT>
requires requires { typename MapT::Raw; }  // a mapcore::Map, not a wrapper
MapState state(const MapT& m) {
  const auto& raw = DebugAccess::raw(m);
  const auto h = raw.header();
  return {h.count,
          h.flags,
          h.B,
          h.noverflow,
          h.hash0,
          h.nevacuate,
          raw.growing(),
          raw.same_size_grow(),
          raw.doublings(),
          raw.same_size_growths(),
          raw.blocks().live_bytes(),
          raw.live_iterators()};
}

namespace internal {

template <class Raw>
struct Inspector {
  using BucketT = typename Raw::BucketT;
  using KP = typename Raw::KP;

  static uint64_t chain_buckets(const BucketT* b) {
    uint64_t n = 0;
    for (; b; b = b->overflow) ++n;
    return n;
  }

  static bool in_array(const Raw& raw, const BucketT* b) {
    return b >= raw.buckets() && b < raw.buckets() + raw.array_len();
  }

  static uint64_t heap_blocks(const BlockList& l) {
    uint64_t n = 0;
    l.for_each([&](BlockHeader*) { ++n; });
    return n;
  }
};

}  // namespace internal

template <class MapT>
MapStats stats(const MapT& m) {
  const auto& raw = DebugAccess::raw(m);
  using Raw = std::decay_t<decltype(raw)>;
  using In = internal::Inspector<Raw>;
  const auto h = raw.header();
  MapStats s;
  s.count = h.count;
  s.B = h.B;
  s.noverflow = h.noverflow;
  s.flags = h.flags;
  s.hash0 = h.hash0;
  s.growing = raw.growing();
  s.same_size_grow = raw.same_size_grow();
  s.nevacuate = h.nevacuate;
  s.doublings = raw.doublings();
  s.same_size_growths = raw.same_size_growths();
  s.bucket_size = Raw::kBucketSize;
  if (raw.buckets() != nullptr) {
    s.buckets = uint64_t{1} << h.B;
    s.array_buckets = raw.array_len();
    s.prealloc_total = raw.array_len() - s.buckets;
    if (raw.next_overflow()) {
      s.prealloc_free =
          raw.array_len() -
          static_cast<uint64_t>(raw.next_overflow() - raw.buckets());
    }
    for (uint64_t x = 0; x < s.buckets; ++x) {
      const uint64_t len = In::chain_buckets(raw.buckets() + x);
      if (s.chain_histogram.size() <= len) s.chain_histogram.resize(len + 1);
      ++s.chain_histogram[len];
      s.overflow_in_use += len - 1;
    }
    s.go_array_bytes = go_roundupsize(s.array_buckets * s.bucket_size);
  }
  s.overflow_heap = In::heap_blocks(raw.overflow_blocks());
  s.old_overflow_heap = In::heap_blocks(raw.old_overflow_blocks());
  s.old_array_buckets = raw.old_array_len();
  const uint64_t one_bucket = go_roundupsize(s.bucket_size);
  s.go_overflow_bytes = s.overflow_heap * one_bucket;
  if (raw.oldbuckets()) {
    s.go_old_bytes = go_roundupsize(s.old_array_buckets * s.bucket_size) +
                     s.old_overflow_heap * one_bucket;
  }
  s.go_indirect_bytes =
      static_cast<uint64_t>(h.count) *
      ((Raw::kIndirectKey ? go_roundupsize(sizeof(typename Raw::key_type))
                          : 0) +
       (Raw::kIndirectValue ? go_roundupsize(sizeof(typename Raw::value_type))
                            : 0));
  if constexpr (Raw::KP::kOwnsBytes) {
    visit_live_slots(raw, [&](const auto* b, int i, bool) {
      s.key_data_bytes += static_cast<uint64_t>(Raw::key_ptr(b, i)->len);
    });
  }
  s.go_total_bytes = s.go_array_bytes + s.go_overflow_bytes + s.go_old_bytes +
                     s.go_indirect_bytes;
  s.bytes_per_entry =
      h.count ? static_cast<double>(s.go_total_bytes) / h.count : 0.0;
  s.mapcore_bytes = raw.blocks().live_bytes();
  s.mapcore_blocks = raw.blocks().live_blocks();
  raw.retired_blocks().for_each([&](BlockHeader* b) {
    s.retired_bytes += Raw::Blocks::block_bytes(b->payload_bytes);
  });
  return s;
}

// Calls f(bucket, slot, in_old_array) for every live slot that owns its key:
// current chains, and old chains not evacuated yet.
template <class Raw, class F>
void visit_live_slots(const Raw& raw, F&& f) {
  raw.for_each_live_slot(f);
}

}  // namespace mapcore

#include "mapcore/dump.h"
#include "mapcore/invariants.h"

#endif  // MAPCORE_INTROSPECT_H_
