// memcheck: builds one map on the real Go 1.19 runtime and prints, as one
// JSON line, what the memory report predicts for it: B, noverflow, the
// overflow buckets in use, and runtime.ReadMemStats deltas (bytes allocated
// while building it; bytes still live after a GC, and what the runtime
// allocated for itself meanwhile).
//
//	memcheck -key uint64 -value bytes200 -n 1300 -hint 0 -deletes 0 \
//	         -hash0 0x1234 -keylen 16
//
// The scenario is the memory report's: make(map[K]V, hint), insert the keys
// numbered 0..n-1 in order, delete the keys 0..deletes-1. Key number i is
// uint64(i), int32(i), the decimal of i zero-padded to keylen bytes, or for
// [N]byte the 8 little-endian bytes of i repeated to fill N bytes.
//
// With the fallback hash (this program re-executes itself under
// GODEBUG=cpu.aes=off), hashkey[0] fixed to mapcore's default and hash0
// pinned to the value mapcore drew, the real map places every key where
// mapcore does, so every figure compares exactly. Stdlib only: builds
// offline.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"unsafe"
)

// mapcore's kDefaultHashKey (mapcore/include/mapcore/hash/hashers.h).
const mapcoreDefaultHashKey = 0x2d358dccaa6c78a5

type scenario struct {
	key, value string
	n, hint    int64
	deletes    int64
	hash0      uint32
	keylen     int
}

// result is printed as JSON; field names match memreport's Report.
type result struct {
	B             uint8
	count         int
	noverflow     uint16
	growing       bool
	bucketSize    uintptr
	overflowInUse uint64
	poolNext      int64 // index of extra.nextOverflow in the array, -1: none
	totalAlloc    uint64
	mallocs       uint64
	liveBytes     int64
	runtimeAlloc  uint64 // allocated between the build's end and liveBytes
}

// sink keeps the map reachable, so it escapes to the heap like any real
// map, and stays live until the final measurement.
var sink any

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "memcheck: "+msg)
	os.Exit(2)
}

func main() {
	ensureFallbackHash()
	// Before any map of this program exists (see GO-MAP-FACTS.md).
	hashkey[0] = mapcoreDefaultHashKey
	s := parseFlags()
	r, ok := runForKey(s)
	if !ok {
		fail(fmt.Sprintf("unsupported type pair %q %q", s.key, s.value))
	}
	fmt.Printf("{\"key\":%q,\"value\":%q,\"n\":%d,\"hint\":%d,\"deletes\":%d,"+
		"\"hash0\":%d,\"B\":%d,\"count\":%d,\"noverflow\":%d,\"growing\":%t,"+
		"\"bucket_size\":%d,\"overflow_in_use\":%d,\"pool_next\":%d,"+
		"\"total_alloc\":%d,\"mallocs\":%d,\"live_bytes\":%d,"+
		"\"runtime_alloc\":%d}\n",
		s.key, s.value, s.n, s.hint, s.deletes, s.hash0, r.B, r.count,
		r.noverflow, r.growing, r.bucketSize, r.overflowInUse, r.poolNext,
		r.totalAlloc, r.mallocs, r.liveBytes, r.runtimeAlloc)
}

func parseFlags() scenario {
	var s scenario
	var hash0 string
	flag.StringVar(&s.key, "key", "uint64", "key type")
	flag.StringVar(&s.value, "value", "uint64", "value type")
	flag.Int64Var(&s.n, "n", 0, "keys to insert")
	flag.Int64Var(&s.hint, "hint", 0, "make(map[K]V, hint)")
	flag.Int64Var(&s.deletes, "deletes", 0, "keys to delete afterwards")
	flag.StringVar(&hash0, "hash0", "0", "the map's hash0 (mapcore's draw)")
	flag.IntVar(&s.keylen, "keylen", 16, "string key length")
	flag.Parse()
	h, err := strconv.ParseUint(hash0, 0, 32)
	if err != nil {
		fail("bad -hash0: " + err.Error())
	}
	s.hash0 = uint32(h)
	if s.n < 0 || s.deletes < 0 || s.deletes > s.n {
		fail("need 0 <= deletes <= n")
	}
	return s
}

// attempts: the runtime allocates a few objects of its own now and then
// (seen: up to 4 objects, 1,864 bytes, even with the GC off), which only
// ever add to the deltas; the least disturbed of a few builds is the map's.
const attempts = 3

// measure builds the scenario's map a few times and keeps the measurement
// with the fewest bytes allocated.
func measure[K comparable, V any](s scenario, keys []K) result {
	best := measureOnce[K, V](s, keys)
	for i := 1; i < attempts; i++ {
		r := measureOnce[K, V](s, keys)
		if r.totalAlloc < best.totalAlloc ||
			(r.totalAlloc == best.totalAlloc && r.runtimeAlloc < best.runtimeAlloc) {
			best = r
		}
	}
	return best
}

// measureOnce builds the scenario's map and reads the runtime's figures.
func measureOnce[K comparable, V any](s scenario, keys []K) result {
	var before, built, after runtime.MemStats
	// Switching the GC off and on once first: the first switch allocates
	// runtime objects (about 1.8 KB) that must not land in the deltas.
	debug.SetGCPercent(debug.SetGCPercent(-1))
	runtime.GC()
	// No collection while building: a GC cycle can allocate runtime objects
	// of its own (seen: one of 96 bytes during a 10^6-entry build), which
	// would blur the exact TotalAlloc and Mallocs deltas.
	gcPercent := debug.SetGCPercent(-1)
	runtime.ReadMemStats(&before)
	m := make(map[K]V, s.hint)
	hdr := headerOf(unsafe.Pointer(&m))
	hdr.hash0 = s.hash0
	var zero V
	for _, k := range keys {
		m[k] = zero
	}
	for _, k := range keys[:s.deletes] {
		delete(m, k)
	}
	runtime.ReadMemStats(&built)
	debug.SetGCPercent(gcPercent)
	sink = m
	runtime.GC()
	runtime.ReadMemStats(&after)
	r := layoutOf(hdr, bucketSizeOf(m))
	r.totalAlloc = built.TotalAlloc - before.TotalAlloc
	r.mallocs = built.Mallocs - before.Mallocs
	r.liveBytes = int64(after.HeapAlloc) - int64(before.HeapAlloc)
	// What the runtime allocated for itself after the build (the GC's own
	// objects, up to ~2 KB): part of liveBytes when it stays live.
	r.runtimeAlloc = after.TotalAlloc - built.TotalAlloc
	runtime.KeepAlive(keys)
	sink = nil
	return r
}

// layoutOf reads B, noverflow and the overflow chains of the current array.
func layoutOf(h *hmap, bucketSize uintptr) result {
	r := result{B: h.B, count: h.count, noverflow: h.noverflow,
		growing: h.oldbuckets != nil, bucketSize: bucketSize, poolNext: -1}
	if h.buckets == nil {
		return r
	}
	for i := uintptr(0); i < uintptr(1)<<h.B; i++ {
		b := unsafe.Add(h.buckets, i*bucketSize)
		for {
			ovf := *(*unsafe.Pointer)(unsafe.Add(b, bucketSize-8))
			if ovf == nil {
				break
			}
			r.overflowInUse++
			b = ovf
		}
	}
	if h.extra != nil && h.extra.nextOverflow != nil {
		r.poolNext = int64((uintptr(h.extra.nextOverflow) - uintptr(h.buckets)) / bucketSize)
	}
	return r
}
