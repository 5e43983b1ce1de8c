package main

// The sync.Map scenario (-map syncmap -n N): what Go 1.19's sync.Map holds
// for N uint64 keys and values, by part, according to the heap profiler;
// memreport's sync.Map report (syncmap_report.h) predicts every part and
// memreport_go_syncmap_check compares.
//
// Key i and value i are uint64(i), stored as Go programs store them: boxed
// into `any` (Go's convT64: uint64s below 256 point into the runtime's
// static table, larger ones are 8-byte heap objects). Three phases, one
// JSON line each:
//
//	stored     Store(i, i) for i in 0..N-1: every key went to the dirty map
//	           (the read map stays empty, amended)
//	promoted   Load(i) for i in 0..N-1: the N-th miss promotes dirty to read
//	redirtied  Store(N, N): a new key copies read into a new dirty map
//	           (dirtyLocked), so both maps hold every key
//
// The sync.Map is a global (as a shared sync.Map usually lives in a global
// or a long-lived struct): its own 40 bytes are not a heap object here.

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"unsafe"

	"gomapfuzz/goruntime"
)

var measured sync.Map

// boxed converts i to an interface, the allocation every caller of
// sync.Map pays (not inlined: the profiler then names it as the allocator).
//
//go:noinline
func boxed(i uint64) any { return i }

// The parts of a sync.Map, in the order of the JSON line (syncMapPart).
var syncMapParts = []string{"maps", "overflow", "read_only", "entries",
	"value_boxes", "data", "other"}

// sync/map.go:166 in Go 1.19, Store's m.read.Store(readOnly{m: read.m,
// amended: true}). Store's two other 16-byte allocations are value boxes:
// its value parameter, moved to the heap at the function's entry (line
// 144, because Store passes &value), and the inlined newEntry's copy of it
// (line 168). The profiler records no runtime.convT frame that would tell a
// boxed readOnly apart otherwise; if another release moves the line, the
// check's read_only and value_boxes parts disagree with the report.
const storeReadOnlyLine = 166

// syncMapPart names the part of the sync.Map an allocation is, from the
// function that made it (sync/map.go, Go 1.19):
//
//	maps         the runtime's map code: hmap, bucket arrays, mapextra of
//	             read.m and dirty
//	overflow     the overflow buckets newoverflow allocated one by one
//	             (where keys hash decides how many)
//	read_only    the readOnly{m, amended} boxed into m.read (an atomic.Value)
//	             by Store and missLocked: 16 bytes
//	entries      newEntry's &entry{}: 8 bytes
//	value_boxes  the `any` an entry points at (Store's value parameter or
//	             newEntry's copy of it): 16 bytes
//	data         boxed(): the 8-byte uint64 behind a key's or value's
//	             interface, from the tiny allocator (16-byte blocks)
//	other        anything else sync.Map's code allocated (expected: none)
func syncMapPart(a goruntime.Allocator) string {
	switch {
	case strings.HasPrefix(a.Function, "runtime.(*hmap).newoverflow"):
		return "overflow"
	case goruntime.IsMapCode(a.Function):
		return "maps"
	case a.Function == "sync.newEntry":
		return "entries"
	case a.Function == "sync.(*Map).missLocked":
		return "read_only"
	case a.Function == "sync.(*Map).Store" && a.Line == storeReadOnlyLine:
		return "read_only"
	case a.Function == "sync.(*Map).Store":
		return "value_boxes"
	case a.Function == "main.boxed":
		return "data"
	case strings.HasPrefix(a.Function, "sync.(*Map)."),
		strings.HasPrefix(a.Function, "sync.(*entry)."):
		return "other"
	}
	return ""
}

// mapShape is len and B of a map[any]*entry, or len -1 for a nil map.
func mapShape(m map[any]*goruntime.SyncEntry) (length int, b uint8) {
	if m == nil {
		return -1, 0
	}
	return len(m), goruntime.HeaderOf(unsafe.Pointer(&m)).B
}

func printSyncMapPhase(phase string, base, now []goruntime.HeapAccount) {
	st := goruntime.InspectSyncMap(&measured)
	readLen, readB := mapShape(st.Read)
	dirtyLen, dirtyB := mapShape(st.Dirty)
	fmt.Printf("{\"phase\":%q,\"amended\":%t,\"misses\":%d,"+
		"\"read_len\":%d,\"read_B\":%d,\"dirty_len\":%d,\"dirty_B\":%d",
		phase, st.Amended, st.Misses, readLen, readB, dirtyLen, dirtyB)
	for i, part := range syncMapParts {
		fmt.Printf(",%q:%d", part, now[i].InUseBytes-base[i].InUseBytes)
	}
	fmt.Printf(",\"overflow_buckets\":%d}\n",
		now[1].InUseObjects-base[1].InUseObjects)
}

// runSyncMap runs the three phases and prints one JSON line after each.
func runSyncMap(n int64) {
	if !goruntime.SyncMapMirrorOK() {
		fail("sync.Map's layout is not Go 1.19's")
	}
	// No collection starts by itself while the map is built: a GC assist
	// inside the measured code could allocate (a sudog) under a sync frame.
	// HeapBy's runtime.GC() still runs.
	debug.SetGCPercent(-1)
	base := goruntime.HeapBy(syncMapParts, syncMapPart)
	for i := uint64(0); i < uint64(n); i++ {
		measured.Store(boxed(i), boxed(i))
	}
	printSyncMapPhase("stored", base, goruntime.HeapBy(syncMapParts, syncMapPart))
	for i := uint64(0); i < uint64(n); i++ {
		measured.Load(boxed(i))
	}
	printSyncMapPhase("promoted", base, goruntime.HeapBy(syncMapParts, syncMapPart))
	measured.Store(boxed(uint64(n)), boxed(uint64(n)))
	printSyncMapPhase("redirtied", base, goruntime.HeapBy(syncMapParts, syncMapPart))
	runtime.KeepAlive(&measured)
}
