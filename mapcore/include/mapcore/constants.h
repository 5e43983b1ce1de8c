// Go 1.19's map constants (runtime/map.go), each with the reason for its value.
//
// These are not tuning knobs: the Go oracle compares mapcore with the real Go
// runtime bit for bit, so every value here must equal Go's. The static_asserts
// pin the relations Go's code relies on.
#ifndef MAPCORE_CONSTANTS_H_
#define MAPCORE_CONSTANTS_H_

#include <cstddef>
#include <cstdint>

namespace mapcore {

// A bucket holds 8 slots: small enough that a linear scan of the tophash bytes
// is one cache line, large enough that a bucket is rarely full below the load
// factor (Go's map.go table: 20.9% of buckets overflow at load 6.5).
inline constexpr int kBucketCntBits = 3;
inline constexpr int kBucketCnt = 1 << kBucketCntBits;

// Growth starts when the average load per bucket would exceed 6.5. Go keeps it
// as 13/2 so overLoadFactor stays integer math. 6.5 is the point of Go's table
// where bytes/entry has mostly flattened (10.79) while %overflow (20.9) and
// probe lengths (4.25 hit, 6.5 miss) are still moderate.
inline constexpr uint64_t kLoadFactorNum = 13;
inline constexpr uint64_t kLoadFactorDen = 2;

// Keys or values larger than this are stored out of line (the slot holds a
// pointer), so a bucket of huge values stays a sensible size. Must fit a uint8
// because Go stores keysize/elemsize in maptype as uint8.
inline constexpr std::size_t kMaxKeySize = 128;
inline constexpr std::size_t kMaxElemSize = 128;

// Tophash marker values. A real tophash is always >= kMinTopHash (tophash()
// adds kMinTopHash to smaller top bytes), so the values below it are free to
// mark slot states.
inline constexpr uint8_t kEmptyRest = 0;   // empty, and so is every later slot
                                           // of this bucket and its overflows
inline constexpr uint8_t kEmptyOne = 1;    // empty
inline constexpr uint8_t kEvacuatedX = 2;  // moved to the first half of the
                                           // new array (same index)
inline constexpr uint8_t kEvacuatedY = 3;  // moved to the second half
                                           // (index + old size)
inline constexpr uint8_t kEvacuatedEmpty = 4;  // empty, bucket evacuated
inline constexpr uint8_t kMinTopHash = 5;      // smallest real tophash

// evacuate() computes the marker as evacuatedX + useY, and the NaN rule sends
// keys by the low bit of their tophash: both need X and Y to differ by one.
static_assert(kEvacuatedX + 1 == kEvacuatedY);
static_assert((kEvacuatedX ^ 1) == kEvacuatedY);
static_assert(kEmptyRest < kEmptyOne && kEmptyOne < kEvacuatedX);

// hmap.flags bits.
inline constexpr uint8_t kFlagIterator = 1;      // an iterator may use buckets
inline constexpr uint8_t kFlagOldIterator = 2;   // ... may use oldbuckets
inline constexpr uint8_t kFlagHashWriting = 4;   // a write is in progress
inline constexpr uint8_t kFlagSameSizeGrow = 8;  // current growth keeps B

// advanceEvacuationMark scans at most this many evacuated buckets per step:
// Go's comment calls it "overkill by at least an order of magnitude", a bound
// that keeps every write O(1).
inline constexpr uint64_t kMaxEvacuationScan = 1024;

// Go's maxAlloc on linux/amd64 (1 << heapAddrBits, heapAddrBits = 48): makemap
// ignores a hint whose bucket bytes would exceed it.
inline constexpr uint64_t kMaxAlloc = uint64_t{1} << 48;

// Above this B, noverflow is counted probabilistically: a uint16 can count to
// 2^15 exactly, and tooManyOverflowBuckets caps B at 15 for the comparison.
inline constexpr int kExactOverflowCountMaxB = 15;

// overLoadFactor(count, B): would count items in 2^B buckets exceed 6.5 a
// bucket? The first 8 items never count as overloaded (they fit one bucket).
constexpr bool over_load_factor(int64_t count, uint8_t b) {
  return count > kBucketCnt &&
         static_cast<uint64_t>(count) >
             kLoadFactorNum * ((uint64_t{1} << (b & 63)) / kLoadFactorDen);
}

// tooManyOverflowBuckets: "as many overflow buckets as regular buckets",
// counted up to 2^15 (see kExactOverflowCountMaxB).
constexpr bool too_many_overflow_buckets(uint16_t noverflow, uint8_t b) {
  if (b > kExactOverflowCountMaxB) b = kExactOverflowCountMaxB;
  return noverflow >= (uint16_t{1} << (b & 15));
}

// The B that makemap picks for a hint: the smallest B whose 2^B buckets hold
// hint items at the load factor. Negative hints give 0 (they are < 8).
constexpr uint8_t b_for_hint(int64_t hint) {
  uint8_t b = 0;
  while (over_load_factor(hint, b)) ++b;
  return b;
}

// tophash(hash): the top byte of the hash, lifted above the markers.
constexpr uint8_t tophash_of(uint64_t hash) {
  auto top = static_cast<uint8_t>(hash >> 56);
  if (top < kMinTopHash) top += kMinTopHash;
  return top;
}

// isEmpty: emptyRest and emptyOne are both "no key here".
constexpr bool is_empty(uint8_t tophash) { return tophash <= kEmptyOne; }

// evacuated(b): the first tophash of an evacuated bucket holds a marker.
constexpr bool is_evacuated_marker(uint8_t tophash) {
  return tophash > kEmptyOne && tophash < kMinTopHash;
}

}  // namespace mapcore

#endif  // MAPCORE_CONSTANTS_H_
