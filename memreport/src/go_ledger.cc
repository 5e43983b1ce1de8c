// GoLedger (go_ledger.h): Go 1.19's allocations for one map, event by event.
#include "gomapfuzz/memreport/go_ledger.h"

#include "mapcore/size_classes.h"

namespace gomapfuzz::memreport {

using mapcore::go_roundupsize;

uint64_t go_append_capacity(uint64_t old_cap) {
  // growslice's threshold between doubling and the gentler 1.25x growth.
  constexpr uint64_t kThreshold = 256;
  const uint64_t needed = old_cap + 1;
  uint64_t cap = old_cap;
  if (needed > 2 * old_cap) {
    cap = needed;
  } else if (old_cap < kThreshold) {
    cap = 2 * old_cap;
  } else {
    while (cap < needed) cap += (cap + 3 * kThreshold) / 4;
  }
  return go_roundupsize(cap * kGoPointerBytes) / kGoPointerBytes;
}

uint64_t GoLedger::OverflowList::bytes() const {
  if (!exists) return 0;
  return kGoSliceHeaderBytes +
         (cap ? go_roundupsize(cap * kGoPointerBytes) : 0);
}

void GoLedger::alloc(uint64_t bytes) {
  allocated_ += bytes;
  ++allocations_;
  live_ += bytes;
  if (live_ > peak_) peak_ = live_;
}

void GoLedger::free(uint64_t bytes) { live_ -= bytes; }

uint64_t GoLedger::array_bytes(uint64_t array_buckets) const {
  return go_roundupsize(array_buckets * shape_.bucket_size);
}

void GoLedger::ensure_extra() {
  if (extra_) return;
  extra_ = true;
  alloc(kGoMapextraBytes);
}

void GoLedger::make_map() { alloc(kGoHmapBytes); }

void GoLedger::first_array(uint64_t array_buckets, bool has_pool) {
  array_bytes_ = array_bytes(array_buckets);
  alloc(array_bytes_);
  if (has_pool) ensure_extra();
}

void GoLedger::start_growth(uint64_t array_buckets, bool has_pool) {
  old_bytes_ =
      array_bytes_ + heap_overflow_ * go_roundupsize(shape_.bucket_size);
  old_list_ = list_;  // h.extra.oldoverflow = h.extra.overflow
  list_ = OverflowList{};
  heap_overflow_ = 0;
  array_bytes_ = array_bytes(array_buckets);
  alloc(array_bytes_);
  if (has_pool) ensure_extra();
}

void GoLedger::finish_growth() {
  free(old_bytes_ + old_list_.bytes());
  old_bytes_ = 0;
  old_list_ = OverflowList{};
}

void GoLedger::new_overflow(bool from_pool) {
  if (!from_pool) {
    alloc(go_roundupsize(shape_.bucket_size));
    ++heap_overflow_;
  }
  if (shape_.bucket_has_pointers) return;
  // createOverflow, then append(*h.extra.overflow, ovf).
  ensure_extra();
  if (!list_.exists) {
    list_.exists = true;
    alloc(kGoSliceHeaderBytes);
  }
  if (list_.len == list_.cap) {
    const uint64_t cap = go_append_capacity(list_.cap);
    alloc(go_roundupsize(cap * kGoPointerBytes));
    if (list_.cap) free(go_roundupsize(list_.cap * kGoPointerBytes));
    list_.cap = cap;
  }
  ++list_.len;
}

void GoLedger::add_entry() {
  if (shape_.key_object_bytes) alloc(go_roundupsize(shape_.key_object_bytes));
  if (shape_.value_object_bytes) {
    alloc(go_roundupsize(shape_.value_object_bytes));
  }
}

void GoLedger::remove_entry() {
  if (shape_.key_object_bytes) free(go_roundupsize(shape_.key_object_bytes));
  if (shape_.value_object_bytes) {
    free(go_roundupsize(shape_.value_object_bytes));
  }
}

uint64_t GoLedger::bookkeeping_bytes() const {
  return kGoHmapBytes + (extra_ ? kGoMapextraBytes : 0) + list_.bytes() +
         old_list_.bytes();
}

}  // namespace gomapfuzz::memreport
