package goruntime

// Ranging over a map the way the compiler and reflect.MapIter do it: the
// runtime's mapiterinit/mapiternext on a hiter we own, which exposes the
// start Go chose and lets a caller impose another one. Also mapclear, which
// Go 1.19 has no builtin for. Reached through //go:linkname (checked on Go
// 1.19.8, amd64; see ../shared/GO-MAP-FACTS.md).

import "unsafe"

// Hiter is runtime.hiter: 96 bytes on amd64. It must live in Go memory (the
// runtime stores pointers into it that the collector has to see).
type Hiter struct {
	Key         unsafe.Pointer // the current entry's key; nil at the end
	Elem        unsafe.Pointer // its value
	T           unsafe.Pointer // *maptype
	H           *Hmap          // nil when mapiterinit found the map empty
	Buckets     unsafe.Pointer // the bucket array at mapiterinit
	Bptr        unsafe.Pointer // the current bucket
	Overflow    unsafe.Pointer // keeps overflow buckets alive (see Mapextra)
	Oldoverflow unsafe.Pointer
	StartBucket uintptr // where the range began
	Offset      uint8   // slot order inside a bucket: (i + Offset) & 7
	Wrapped     bool
	B           uint8
	I           uint8
	Bucket      uintptr
	CheckBucket uintptr
}

// MapIterInit is mapiterinit: it draws the start with fastrand, marks the
// map as iterated (flags iterator|oldIterator), creates mapextra for a
// pointer-free bucket type, and finds the first entry. On an empty map it
// does none of this, and it.H stays nil: nothing is yielded, and
// MapIterNext must not be called (it would dereference it.H).
//
//go:linkname MapIterInit runtime.mapiterinit
func MapIterInit(t unsafe.Pointer, h *Hmap, it *Hiter)

// MapIterNext is mapiternext: the next entry into it.Key and it.Elem, nil
// at the end.
//
//go:linkname MapIterNext runtime.mapiternext
func MapIterNext(it *Hiter)

// MapClear is mapclear itself: Go 1.19 has no clear builtin, and the
// compiler turns `for k := range m { delete(m, k) }` into mapclear only for
// key types whose equality is reflexive, so float64 maps call it directly.
//
//go:linkname MapClear runtime.mapclear
func MapClear(t unsafe.Pointer, h *Hmap)

// Restart re-points an iterator that MapIterInit just attached (it.H !=
// nil, no MapIterNext yet) at another start, and searches for the first
// entry again: Go's range then walks exactly as if fastrand had drawn
// (bucket, offset). Sound because mapiterinit's side effects (the flags,
// mapextra) do not depend on the start and mapiternext only reads the map.
func (it *Hiter) Restart(bucket uint64, offset uint8) {
	it.StartBucket = uintptr(bucket) & (uintptr(1)<<it.B - 1)
	it.Offset = offset & (bucketCnt - 1)
	it.Bucket = it.StartBucket
	it.Bptr, it.I, it.Wrapped, it.CheckBucket = nil, 0, false, 0
	it.Key, it.Elem = nil, nil
	MapIterNext(it)
}
