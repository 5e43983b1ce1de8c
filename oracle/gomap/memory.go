package main

// Memory truth (-mem): what the real runtime allocated for the trace's final
// map, accounted two ways that must agree:
//   - from the layout: the bucket array (size-class rounded), the heap
//     overflow buckets found on the chains, the old array while growing,
//     out-of-line values, and the bookkeeping (hmap, mapextra, the overflow
//     slices that keep pointer-free overflow buckets alive);
//   - from the heap profiler: the bytes, still live after a full GC, of
//     every allocation made by the runtime's map code while the trace ran
//     (goruntime.MapHeap).
// The C++ driver compares the first account with mapcore's stats().

import (
	"runtime"
	"strconv"
	"unsafe"

	"gomapfuzz/goruntime"
)

type memAccount struct {
	array, overflow, old, indirect, bookkeeping uint64
	heapOverflowBuckets                         uint64 // on the current chains
	poolUsed                                    uint64 // preallocated ones handed out
}

func (a memAccount) total() uint64 {
	return a.array + a.overflow + a.old + a.indirect + a.bookkeeping
}

func sliceBytes(s *[]unsafe.Pointer) uint64 {
	if s == nil {
		return 0
	}
	n := uint64(goruntime.RoundUpSize(3 * goruntime.PtrSize)) // the slice header new([]*bmap)
	if c := cap(*s); c > 0 {
		n += uint64(goruntime.RoundUpSize(uintptr(c) * goruntime.PtrSize))
	}
	return n
}

func (r *runner) account() memAccount {
	var a memAccount
	h, g := r.h, r.g
	one := uint64(goruntime.RoundUpSize(g.BucketSize))
	if h.Buckets != nil {
		length := g.ArrayLen(h.B)
		a.array = uint64(goruntime.RoundUpSize(length * g.BucketSize))
		a.heapOverflowBuckets = g.HeapMembers(h.Buckets, uintptr(1)<<h.B, length)
		a.overflow = a.heapOverflowBuckets * one
		a.poolUsed = uint64(length - uintptr(1)<<h.B)
		if h.Extra != nil && h.Extra.NextOverflow != nil {
			a.poolUsed = uint64((uintptr(h.Extra.NextOverflow)-uintptr(h.Buckets))/g.BucketSize) -
				uint64(uintptr(1)<<h.B)
		}
	}
	if h.Oldbuckets != nil {
		length := g.ArrayLen(h.OldB())
		a.old = uint64(goruntime.RoundUpSize(length*g.BucketSize)) +
			g.HeapMembers(h.Oldbuckets, uintptr(1)<<h.OldB(), length)*one
	}
	if g.IndirectVal {
		a.indirect = uint64(h.Count) * uint64(goruntime.RoundUpSize(uintptr(g.ValueBytes)))
	}
	a.bookkeeping = uint64(goruntime.RoundUpSize(unsafe.Sizeof(goruntime.Hmap{})))
	if h.Extra != nil {
		a.bookkeeping += uint64(goruntime.RoundUpSize(unsafe.Sizeof(goruntime.Mapextra{}))) +
			sliceBytes(h.Extra.Overflow) + sliceBytes(h.Extra.Oldoverflow)
	}
	return a
}

// runMeasured runs the trace silently and prints the "mem" line: Go's layout
// account of the final map, and the live bytes the heap profiler attributes
// to the runtime's map code (goruntime.MapHeap; exact, where ReadMemStats
// deltas also count the runtime's own allocations).
func (r *runner) runMeasured() {
	r.extra = make([]byte, 0, 1<<12)
	goruntime.RecordEveryAllocation()
	before := goruntime.MapHeap()
	r.makeMap(0)
	for i := range r.tr.ops {
		r.extra = r.extra[:0]
		r.exec(i, &r.tr.ops[i])
	}
	for i := range r.iters {
		r.iters[i] = nil
	}
	live := goruntime.MapHeap().Minus(before)
	a := r.account()
	u := func(name string, v uint64) {
		r.out.WriteString(" " + name + "=" + strconv.FormatUint(v, 10))
	}
	r.out.WriteString("mem")
	u("count", uint64(r.h.Count))
	u("B", uint64(r.h.B))
	u("noverflow", uint64(r.h.Noverflow))
	growing := uint64(0)
	if r.h.Growing() {
		growing = 1
	}
	u("growing", growing)
	u("array", a.array)
	u("overflow", a.overflow)
	u("heap_overflow_buckets", a.heapOverflowBuckets)
	u("pool_used", a.poolUsed)
	u("old", a.old)
	u("indirect", a.indirect)
	u("bookkeeping", a.bookkeeping)
	u("total", a.total())
	r.out.WriteString(" map_heap_live=" + strconv.FormatInt(live.InUseBytes, 10) + "\n")
	runtime.KeepAlive(r.m)
}
