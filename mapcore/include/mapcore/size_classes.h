// Go 1.19's malloc size classes (runtime/sizeclasses.go, msize.go).
//
// makeBucketArray rounds the bucket array up to the block mallocgc would
// return anyway and turns the slack into extra preallocated overflow buckets,
// so mapcore needs Go's exact table to have Go's array lengths. The same
// function gives the memory a Go program really pays for each allocation.
#ifndef MAPCORE_SIZE_CLASSES_H_
#define MAPCORE_SIZE_CLASSES_H_

#include <cstdint>

namespace mapcore {

// roundupsize(size): the size of the block mallocgc allocates for a request of
// `size` bytes: a size class below 32 KiB, else a whole number of 8 KiB pages.
uint64_t go_roundupsize(uint64_t size);

}  // namespace mapcore

#endif  // MAPCORE_SIZE_CLASSES_H_
