// Go's bucket (bmap) layout, reproduced field for field.
//
//   struct bmap {                       // for map[K]V
//     uint8     tophash[8];             // top hash byte or a marker per slot
//     KeySlot   keys[8];                // K, or K* when sizeof(K) > 128
//     ValueSlot elems[8];               // V, or V* when sizeof(V) > 128
//     bmap*     overflow;               // next bucket of the chain, or null
//   };
//
// Keys and values are packed in two runs rather than interleaved so that
// map[int64]int8 needs no padding between pairs. Go's compiler builds exactly
// this struct (cmd/compile/internal/reflectdata.MapBucketType), and C++ lays
// it out with the same alignment rules, so sizeof(Bucket) equals Go's
// t.bucketsize: 144 bytes for map[uint64]uint64, 208 for map[string]int64.
#ifndef MAPCORE_BUCKET_H_
#define MAPCORE_BUCKET_H_

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "mapcore/constants.h"

namespace mapcore {

template <class KeySlot, class ValueSlot>
struct Bucket {
  uint8_t tophash[kBucketCnt];
  KeySlot keys[kBucketCnt];
  ValueSlot elems[kBucketCnt];
  Bucket* overflow;
};

// Go's dataOffset: keys start right after the 8 tophash bytes, because Go
// rejects key and value types aligned to more than 8 bytes.
inline constexpr std::size_t kDataOffset = kBucketCnt;

// The slot type Go uses for a key or value: the value itself, or a pointer to
// it when it is larger than kMaxKeySize/kMaxElemSize.
template <class T, std::size_t kMaxInline>
using SlotOf = std::conditional_t<(sizeof(T) > kMaxInline), T*, T>;

}  // namespace mapcore

#endif  // MAPCORE_BUCKET_H_
