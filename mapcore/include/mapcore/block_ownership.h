// BlockOwnership: which blocks a map owns, and when each is freed.
//
// Go's garbage collector frees a bucket array, a heap overflow bucket or a
// key's storage once nothing reaches it, and keeps it while an iterator still
// can. mapcore has no collector, so RawMap says it here, in one place:
//
//   current overflow   heap overflow buckets chained behind the current
//                      array (newoverflow's allocations; the preallocated
//                      pool is part of the array's own block)
//   old overflow       the same for the old array while a growth runs;
//                      hashGrow moves the current list here
//   parked             blocks that left the map while an iterator was open:
//                      an iterator may still read them (mapiternext walks an
//                      old array it started on, or an entry it yielded), so
//                      they are freed when the last iterator closes
//
// Every list is intrusive (block_allocator.h), so releasing, parking and
// freeing never allocate: the paths that undo or finish an operation cannot
// fail. Under ASan a parked block is poisoned; RawMap's iterator unpoisons
// exactly what it walks, after asking holds_parked().
#ifndef MAPCORE_BLOCK_OWNERSHIP_H_
#define MAPCORE_BLOCK_OWNERSHIP_H_

#include <cstddef>
#include <cstdint>

#include "mapcore/block_allocator.h"

namespace mapcore {

template <class Blocks>
class BlockOwnership {
 public:
  explicit BlockOwnership(Blocks& blocks) : blocks_(blocks) {}
  BlockOwnership(const BlockOwnership&) = delete;
  BlockOwnership& operator=(const BlockOwnership&) = delete;

  // The map's end: both generations (arrays may be null) and everything
  // parked, now. The map frees the contents of live slots first.
  void free_all(void* array, void* old_array) {
    free_generation(array, current_overflow_);
    free_generation(old_array, old_overflow_);
    blocks_.deallocate_all(parked_);
  }

  // newoverflow took a heap bucket for the current array.
  void own_overflow(BlockHeader* h) { current_overflow_.push(h); }
  // hashGrow: the current array becomes the old one, with its overflow.
  void current_becomes_old() { old_overflow_.splice(current_overflow_); }

  // A block that left the map (a deleted key's storage, a replaced value):
  // freed, or parked while an iterator is open.
  void release(BlockHeader* h) {
    if (iterators_live()) {
      park(h);
    } else {
      blocks_.deallocate(h);
    }
  }
  // mapclear: the current array's heap overflow buckets (the array stays).
  void release_current_overflow() {
    if (iterators_live()) {
      park_all(current_overflow_);
    } else {
      blocks_.deallocate_all(current_overflow_);
    }
  }
  // The growth finished, or mapclear dropped it: the old array (null: no
  // growth) and its heap overflow buckets.
  void release_old_generation(void* old_array) {
    if (old_array == nullptr) return;
    if (iterators_live()) {
      park(Blocks::header_of(old_array));
      park_all(old_overflow_);
    } else {
      free_generation(old_array, old_overflow_);
    }
  }

  // Iterators pin memory: while any is open, released blocks are parked.
  void iterator_opened() { ++live_iterators_; }
  void iterator_closed() {
    if (--live_iterators_ == 0) blocks_.deallocate_all(parked_);
  }
  bool iterators_live() const { return live_iterators_ > 0; }
  int live_iterators() const { return live_iterators_; }

  bool has_parked() const { return !parked_.empty(); }
  // Whether [p, p + n) lies inside one parked block.
  bool holds_parked(const void* p, uint64_t n) const {
    const auto* q = static_cast<const std::byte*>(p);
    bool held = false;
    parked_.for_each([&](BlockHeader* h) {
      const auto* s = Blocks::template payload_of<std::byte>(h);
      held = held || (q >= s && q + n <= s + h->payload_bytes);
    });
    return held;
  }

  const BlockList& current_overflow() const { return current_overflow_; }
  const BlockList& old_overflow() const { return old_overflow_; }
  const BlockList& parked() const { return parked_; }

 private:
  // Parked memory is poisoned: only an iterator may still read it.
  void park(BlockHeader* h) {
    Blocks::poison_payload(h);
    parked_.push(h);
  }
  void park_all(BlockList& list) {
    list.for_each([](BlockHeader* h) { Blocks::poison_payload(h); });
    parked_.splice(list);
  }
  void free_generation(void* array, BlockList& overflow) {
    if (array != nullptr) blocks_.deallocate(Blocks::header_of(array));
    blocks_.deallocate_all(overflow);
  }

  Blocks& blocks_;
  BlockList current_overflow_;
  BlockList old_overflow_;
  BlockList parked_;
  int live_iterators_ = 0;
};

}  // namespace mapcore

#endif  // MAPCORE_BLOCK_OWNERSHIP_H_
