package goruntime

// The heap bytes a map really holds, as the runtime's own heap profiler
// attributes them.
//
// Why not runtime.ReadMemStats: HeapAlloc, TotalAlloc and Mallocs count
// every allocation of the process, and the runtime allocates for itself at
// moments no program controls. On Go 1.19.8 with more than 2 Ps, the
// background scavenger re-arms its timer on whichever P it last ran, and
// growing that P's timer heap allocates 8 to 24 bytes in the middle of a
// measurement (seen in 1 run in about 15 under GOMAXPROCS=4, and once in CI,
// where it failed a test that compared HeapAlloc deltas exactly); starting an
// M allocates about 1.5 KB. Taking the least of a few runs does not help:
// the stray bytes came back in all three runs of the CI failure.
//
// With runtime.MemProfileRate = 1 the profiler records every allocation
// with its call stack (mProf_Malloc), and every free of such an object when
// the sweeper reclaims it (mProf_Free). Counting only the records whose
// allocating function is the runtime's map code gives the map's own bytes,
// exactly, whatever else the runtime does meanwhile. The sizes recorded are
// mallocgc's rounded sizes (its size class, or the span for a large
// object), the same bytes HeapAlloc would have counted.

import (
	"runtime"
	"strings"
)

// HeapAccount sums heap profile records.
type HeapAccount struct {
	AllocBytes, AllocObjects int64 // allocated since the program started
	InUseBytes, InUseObjects int64 // of those, still live at the last GC
}

// Minus returns what was allocated, and what became live, between an
// earlier account and this one.
func (a HeapAccount) Minus(earlier HeapAccount) HeapAccount {
	return HeapAccount{
		AllocBytes:   a.AllocBytes - earlier.AllocBytes,
		AllocObjects: a.AllocObjects - earlier.AllocObjects,
		InUseBytes:   a.InUseBytes - earlier.InUseBytes,
		InUseObjects: a.InUseObjects - earlier.InUseObjects,
	}
}

// RecordEveryAllocation makes the heap profiler record every allocation
// from now on. Call it before the allocations that MapHeap must see:
// mallocgc checks the rate at each allocation.
func RecordEveryAllocation() { runtime.MemProfileRate = 1 }

// mapCode are the runtime functions (prefixes of their names) that allocate
// a map's memory themselves: makemap* (the hmap), makeBucketArray (every
// bucket array, for make and for hashGrow), hashGrow (mapextra, when the
// new array has a preallocated pool), mapassign* (the first bucket of a map
// made small, out-of-line keys and values), and (*hmap).newoverflow /
// createOverflow (overflow buckets, mapextra, the overflow slices), which
// mapassign and evacuate call. A test of the list: memreport/go_runtime
// fails by 24 bytes in 3 of its scenarios when hashGrow is left out.
var mapCode = []string{
	"runtime.makemap", "runtime.makeBucketArray", "runtime.hashGrow",
	"runtime.mapassign", "runtime.(*hmap).",
}

// IsMapCode reports whether function is the runtime's map code.
func IsMapCode(function string) bool {
	for _, p := range mapCode {
		if strings.HasPrefix(function, p) {
			return true
		}
	}
	return false
}

// allocationEntry: mallocgc and the functions that call it for others (the
// convT* functions box a value into an interface); the profiler usually
// skips them, and a record's allocator is the first frame below them. A
// switch, not a map: the Go subject switches the runtime's hash after
// package initialisation, and a map made before that would stop finding
// its keys.
func allocationEntry(function string) bool {
	switch function {
	case "runtime.mallocgc", "runtime.newobject", "runtime.newarray",
		"runtime.growslice", "runtime.makeslice", "runtime.convT",
		"runtime.convTnoptr", "runtime.convT16", "runtime.convT32",
		"runtime.convT64", "runtime.convTstring", "runtime.convTslice":
		return true
	}
	return false
}

// Allocator says who asked for the memory of a profile record.
type Allocator struct {
	// The first frame below the allocation entry points. Only the first
	// frame counts: map code may be further down the stack of an
	// allocation that is not the map's, e.g. the sudog a GC assist inside
	// newoverflow's malloc allocated to wait on a semaphore (seen once in
	// CI, 96 bytes, when any map frame on the stack counted).
	Function string
	// The entry point it called, e.g. runtime.newobject (a new(T) or a
	// variable moved to the heap) or runtime.convT (a value boxed into an
	// interface); "" when the profiler skipped it.
	Entry string
	// The line of Function's call (inside Function, when the compiler
	// inlined the allocation's own function into it, the inlined line).
	Line int
	// Bytes of one object of the record: the size class, or 16 for a block
	// of the tiny allocator.
	ObjectBytes int64
}

func allocatorOf(r *runtime.MemProfileRecord) Allocator {
	var a Allocator
	if r.AllocObjects > 0 {
		a.ObjectBytes = r.AllocBytes / r.AllocObjects
	}
	frames := runtime.CallersFrames(r.Stack())
	for {
		f, more := frames.Next()
		if !allocationEntry(f.Function) {
			a.Function = f.Function
			a.Line = f.Line
			return a
		}
		a.Entry = f.Function
		if !more {
			return a
		}
	}
}

// HeapBy runs a full garbage collection, which publishes the heap profile
// as of that collection (mProf_PostSweep), and sums the records of every
// allocation made since RecordEveryAllocation by part: parts[i]'s sums are
// the result's [i], for the records whose allocator classify names
// parts[i] (any other name: not counted). It allocates no map, so that a
// caller counting map code does not count its own results.
func HeapBy(parts []string, classify func(Allocator) string) []HeapAccount {
	if runtime.MemProfileRate != 1 {
		panic("goruntime.HeapBy without RecordEveryAllocation")
	}
	runtime.GC()
	var records []runtime.MemProfileRecord
	for {
		n, ok := runtime.MemProfile(records, true)
		if ok {
			records = records[:n]
			break
		}
		records = make([]runtime.MemProfileRecord, n+n/4+16)
	}
	sums := make([]HeapAccount, len(parts))
	for i := range records {
		r := &records[i]
		part := classify(allocatorOf(r))
		for j := range parts {
			if parts[j] != part {
				continue
			}
			a := &sums[j]
			a.AllocBytes += r.AllocBytes
			a.AllocObjects += r.AllocObjects
			a.InUseBytes += r.InUseBytes()
			a.InUseObjects += r.InUseObjects()
		}
	}
	return sums
}

// MapHeap sums what the runtime's map code allocated (HeapBy). It counts
// every map of the program: take the difference of two calls around the
// code that builds the map to measure, and make no other map there.
func MapHeap() HeapAccount {
	return HeapBy([]string{"map"}, func(a Allocator) string {
		if IsMapCode(a.Function) {
			return "map"
		}
		return ""
	})[0]
}
