// GoLedger: every allocation the real Go 1.19 runtime makes for one map, as
// the map changes, so the report can give bytes allocated over a map's life,
// the peak, and the small objects mapcore has no counterpart for.
//
// mapcore::stats() gives the bucket memory of a map *now*. Go also allocates,
// and the ledger adds (runtime/map.go):
//   hmap        48 bytes, every heap map (makemap's new(hmap))
//   mapextra    24 bytes, once the map has a pool of preallocated overflow
//               buckets (makemap, hashGrow) or, for pointer-free buckets, its
//               first overflow bucket (createOverflow); never freed
//   overflow    for pointer-free buckets only: Go keeps every overflow bucket
//   list        of the current array (pool ones too) in a []*bmap, so the GC
//               keeps them alive: a 24-byte slice header per array
//               generation plus append's backing arrays (growslice)
// Every size goes through the malloc size classes (mapcore::go_roundupsize),
// as mallocgc does. "Live" bytes are what a GC would find reachable; freed
// means unreachable (the old array once evacuation ends, replaced append
// backings), which is what runtime.ReadMemStats shows after runtime.GC().
//
// The ledger knows Go's rules only; the observer in src/runner.h turns a
// mapcore map's changes into the events below.
#ifndef GOMAPFUZZ_MEMREPORT_GO_LEDGER_H_
#define GOMAPFUZZ_MEMREPORT_GO_LEDGER_H_

#include <cstdint>

namespace gomapfuzz::memreport {

// Sizes of the runtime's map objects on amd64 (runtime/map.go).
inline constexpr uint64_t kGoHmapBytes = 48;         // hmap
inline constexpr uint64_t kGoMapextraBytes = 24;     // mapextra: 3 pointers
inline constexpr uint64_t kGoSliceHeaderBytes = 24;  // new([]*bmap)
inline constexpr uint64_t kGoPointerBytes = 8;

// growslice (runtime/slice.go) for a []*bmap of capacity old_cap that needs
// one more element: the capacity append gives it. Doubling below 256
// elements, then growing by (cap + 3*256)/4, then rounded up to the size
// class.
uint64_t go_append_capacity(uint64_t old_cap);

class GoLedger {
 public:
  struct Shape {
    uint64_t bucket_size = 0;          // t.bucketsize
    bool bucket_has_pointers = false;  // t.bucket.ptrdata != 0
    uint64_t key_object_bytes = 0;     // sizeof(K) when out of line, else 0
    uint64_t value_object_bytes = 0;   // sizeof(V) when out of line, else 0
  };

  explicit GoLedger(const Shape& shape) : shape_(shape) {}

  // makemap: the hmap.
  void make_map();
  // The first bucket array (makemap for B > 0, else the first insert).
  void first_array(uint64_t array_buckets, bool has_pool);
  // hashGrow: a new array; the current one, its heap overflow buckets and
  // its overflow list become the old generation.
  void start_growth(uint64_t array_buckets, bool has_pool);
  // advanceEvacuationMark's end: the old generation becomes garbage.
  void finish_growth();
  // newoverflow: a bucket from the pool, or a new one from the heap.
  void new_overflow(bool from_pool);
  // A key enters or leaves: out-of-line key and value objects.
  void add_entry();
  void remove_entry();

  uint64_t live_bytes() const { return live_; }
  uint64_t peak_bytes() const { return peak_; }
  uint64_t allocated_bytes() const { return allocated_; }  // cumulative
  uint64_t allocations() const { return allocations_; }    // Go's Mallocs
  // hmap + mapextra + overflow lists: the live bytes outside the buckets.
  uint64_t bookkeeping_bytes() const;

 private:
  struct OverflowList {  // a *[]*bmap: header and backing array
    bool exists = false;
    uint64_t len = 0;
    uint64_t cap = 0;
    uint64_t bytes() const;
  };

  void alloc(uint64_t bytes);
  void free(uint64_t bytes);
  void ensure_extra();
  uint64_t array_bytes(uint64_t array_buckets) const;

  Shape shape_;
  bool extra_ = false;
  uint64_t array_bytes_ = 0;
  uint64_t heap_overflow_ = 0;
  OverflowList list_;
  uint64_t old_bytes_ = 0;  // old array + its heap overflow buckets
  OverflowList old_list_;
  uint64_t live_ = 0;
  uint64_t peak_ = 0;
  uint64_t allocated_ = 0;
  uint64_t allocations_ = 0;
};

}  // namespace gomapfuzz::memreport

#endif  // GOMAPFUZZ_MEMREPORT_GO_LEDGER_H_
