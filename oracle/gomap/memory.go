package main

// Memory truth (-mem): what the real runtime allocated for the trace's final
// map, accounted two ways that must agree:
//   - from the layout: the bucket array (size-class rounded), the heap
//     overflow buckets found on the chains, the old array while growing,
//     out-of-line values, and the bookkeeping (hmap, mapextra, the overflow
//     slices that keep pointer-free overflow buckets alive);
//   - from the garbage collector: runtime.ReadMemStats().HeapAlloc after a
//     full GC, before and after running the trace.
// The C++ driver compares the first account with mapcore's stats().

import (
	"runtime"
	"strconv"
	"unsafe"
)

type memAccount struct {
	array, overflow, old, indirect, bookkeeping uint64
	heapOverflowBuckets                         uint64 // on the current chains
	poolUsed                                    uint64 // preallocated ones handed out
}

func (a memAccount) total() uint64 {
	return a.array + a.overflow + a.old + a.indirect + a.bookkeeping
}

// heapMembers counts the chain members of array (len buckets, first n
// heads) that are not inside the array: Go allocated each one separately.
func (g geometry) heapMembers(array unsafe.Pointer, n, length uintptr) uint64 {
	var count uint64
	start, end := uintptr(array), uintptr(array)+length*g.bucketSize
	for x := uintptr(0); x < n; x++ {
		for b := g.overflow(unsafe.Add(array, x*g.bucketSize)); b != nil; b = g.overflow(b) {
			if a := uintptr(b); a < start || a >= end {
				count++
			}
		}
	}
	return count
}

func sliceBytes(s *[]unsafe.Pointer) uint64 {
	if s == nil {
		return 0
	}
	n := uint64(roundupsize(3 * ptrSize)) // the slice header new([]*bmap)
	if c := cap(*s); c > 0 {
		n += uint64(roundupsize(uintptr(c) * ptrSize))
	}
	return n
}

func (r *runner) account() memAccount {
	var a memAccount
	h, g := r.h, r.g
	one := uint64(roundupsize(g.bucketSize))
	if h.buckets != nil {
		length := g.arrayLen(h.B)
		a.array = uint64(roundupsize(length * g.bucketSize))
		a.heapOverflowBuckets = g.heapMembers(h.buckets, uintptr(1)<<h.B, length)
		a.overflow = a.heapOverflowBuckets * one
		a.poolUsed = uint64(length - uintptr(1)<<h.B)
		if h.extra != nil && h.extra.nextOverflow != nil {
			a.poolUsed = uint64((uintptr(h.extra.nextOverflow)-uintptr(h.buckets))/g.bucketSize) -
				uint64(uintptr(1)<<h.B)
		}
	}
	if h.oldbuckets != nil {
		length := g.arrayLen(h.oldB())
		a.old = uint64(roundupsize(length*g.bucketSize)) +
			g.heapMembers(h.oldbuckets, uintptr(1)<<h.oldB(), length)*one
	}
	if g.indirectVal {
		a.indirect = uint64(h.count) * uint64(roundupsize(uintptr(g.valueBytes)))
	}
	a.bookkeeping = uint64(roundupsize(unsafe.Sizeof(hmap{})))
	if h.extra != nil {
		a.bookkeeping += uint64(roundupsize(unsafe.Sizeof(mapextra{}))) +
			sliceBytes(h.extra.overflow) + sliceBytes(h.extra.oldoverflow)
	}
	return a
}

// measuredRuns: the runtime itself now and then allocates a small object
// while a run is measured (8 bytes seen); the smallest delta of a few
// identical runs is the map's own.
const measuredRuns = 3

// runOnce runs the trace silently between two full collections and returns
// the growth of the live heap.
func (r *runner) runOnce() int64 {
	var before, after runtime.MemStats
	r.maps = 0
	// A first collection and read warm up what the runtime allocates once
	// (mark workers, stats buffers), which would otherwise count as ours.
	runtime.GC()
	runtime.ReadMemStats(&before)
	runtime.GC()
	runtime.ReadMemStats(&before)
	r.makeMap(0)
	for i := range r.tr.ops {
		r.extra = r.extra[:0]
		r.exec(i, &r.tr.ops[i])
	}
	for i := range r.iters {
		r.iters[i] = nil
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	return int64(after.HeapAlloc) - int64(before.HeapAlloc)
}

// runMeasured prints the "mem" line: Go's layout account of the final map
// and the smallest live-heap growth of measuredRuns runs.
func (r *runner) runMeasured() {
	r.extra = make([]byte, 0, 1<<12)
	delta := r.runOnce()
	for i := 1; i < measuredRuns; i++ {
		r.m, r.h = nil, nil
		if d := r.runOnce(); d < delta {
			delta = d
		}
	}
	a := r.account()
	u := func(name string, v uint64) {
		r.out.WriteString(" " + name + "=" + strconv.FormatUint(v, 10))
	}
	r.out.WriteString("mem")
	u("count", uint64(r.h.count))
	u("B", uint64(r.h.B))
	u("noverflow", uint64(r.h.noverflow))
	u("growing", uint64(boolDigit(r.h.growing())-'0'))
	u("array", a.array)
	u("overflow", a.overflow)
	u("heap_overflow_buckets", a.heapOverflowBuckets)
	u("pool_used", a.poolUsed)
	u("old", a.old)
	u("indirect", a.indirect)
	u("bookkeeping", a.bookkeeping)
	u("total", a.total())
	r.out.WriteString(" heap_live_delta=" + strconv.FormatInt(delta, 10) + "\n")
	runtime.KeepAlive(r.m)
}
