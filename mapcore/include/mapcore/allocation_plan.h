// Allocation planning: how a mapcore write keeps the strong guarantee.
//
// Go never sees malloc fail; mapcore must leave the map exactly as it was
// when an allocation fails. So a write first works out everything it may
// allocate, allocates it into a WriteReservation, and only then changes the
// map, taking blocks from the reservation as Go's code would allocate them;
// whatever is left goes back when the reservation dies (a path that cannot
// fail). A write may
//   (1) finish the evacuation of up to two old buckets (growWork),
//   (2) start a growth, which allocates a new array, then evacuate up to two
//       buckets of the array that just became old, and
//   (3) take an overflow bucket for the new key, and storage for an
//       out-of-line key or value or a string's bytes.
// RawMap runs mapassign itself in Count mode (raw_map_planning.h,
// AssignCount), whose growWork runs in Count mode to fill a GrowPlan for (1)
// (CountStep); (2)'s evacuations are bounded by the chains' lengths.
// Overflow buckets come from the array's preallocated pool first, so only
// the shortfall is reserved.
#ifndef MAPCORE_ALLOCATION_PLAN_H_
#define MAPCORE_ALLOCATION_PLAN_H_

#include <cstdint>
#include <utility>

#include "mapcore/block_allocator.h"
#include "mapcore/constants.h"

namespace mapcore {

// Overflow buckets a chain needs to hold n entries packed from slot 0, as
// evacuation packs them.
inline uint64_t overflow_buckets_for(int64_t n) {
  return n <= kBucketCnt ? 0 : static_cast<uint64_t>((n + 7) / 8 - 1);
}

// What one growWork will do (filled by RawMap's CountStep): which old
// buckets it evacuates, how many entries land in each destination chain,
// how far nevacuate advances and whether the growth then ends, and the
// overflow buckets the moves need. Inexact when a NaN's side is random (it
// is counted on both sides).
struct GrowPlan {
  uint64_t nevacuate = 0;
  bool growing = false;
  uint64_t evacuated[2] = {};  // old buckets this write evacuates
  int n_evacuated = 0;
  struct Dest {
    uint64_t index;  // a chain of the current array
    int64_t entries;
    bool exact;
  };
  Dest dests[4] = {};  // X and Y of each evacuated bucket
  int n_dests = 0;
  uint64_t overflow = 0;  // overflow buckets the evacuations need
  bool exact = true;

  const Dest* dest(uint64_t index) const {
    for (int d = 0; d < n_dests; ++d) {
      if (dests[d].index == index) return &dests[d];
    }
    return nullptr;
  }
};

// Everything a write may allocate, allocated up front. A reserved block is
// poisoned under ASan until the write takes it.
template <class Blocks, class BucketT>
struct WriteReservation {
  explicit WriteReservation(Blocks& blocks) : blocks(blocks) {}
  ~WriteReservation() {
    if (first_bucket) blocks.deallocate_payload(first_bucket);
    if (grow_array) blocks.deallocate_payload(grow_array);
    blocks.deallocate_all(spare_overflow);
    if (key_block) blocks.deallocate_payload(key_block);
    if (value_block) blocks.deallocate_payload(value_block);
  }
  WriteReservation(const WriteReservation&) = delete;
  WriteReservation& operator=(const WriteReservation&) = delete;

  template <class T>
  void hold(T*& slot, T* block) {
    Blocks::poison_payload(Blocks::header_of(block));
    slot = block;
  }
  void hold_spare(BlockHeader* h) {
    Blocks::poison_payload(h);
    spare_overflow.push(h);
  }
  template <class T>
  T* take(T*& slot) {
    if (slot) Blocks::unpoison_payload(Blocks::header_of(slot));
    return std::exchange(slot, nullptr);
  }
  BlockHeader* take_spare() {
    BlockHeader* h = spare_overflow.pop();
    if (h) Blocks::unpoison_payload(h);
    return h;
  }

  Blocks& blocks;
  BucketT* first_bucket = nullptr;  // a map's first bucket (B = 0)
  BucketT* grow_array = nullptr;    // hashGrow's new array
  BlockList spare_overflow;         // heap overflow buckets
  void* key_block = nullptr;        // string bytes or an out-of-line key
  void* value_block = nullptr;      // an out-of-line value
};

}  // namespace mapcore

#endif  // MAPCORE_ALLOCATION_PLAN_H_
