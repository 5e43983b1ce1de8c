// memcheck: builds one map on the real Go 1.19 runtime and prints, as one
// JSON line, what the memory report predicts for it: B, noverflow, the
// overflow buckets in use, and what the runtime's map code allocated for it
// according to the heap profiler (bytes and objects allocated while
// building it; bytes and objects still live after a GC).
//
//	memcheck -key uint64 -value bytes200 -n 1300 -hint 0 -deletes 0 \
//	         -hash0 0x1234 -keylen 16
//	memcheck -map syncmap -n 10000     (a sync.Map: syncmap.go)
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
	"strconv"
	"unsafe"

	"gomapfuzz/goruntime"
)

// mapcore's kDefaultHashKey (mapcore/include/mapcore/hash/hashers.h).
const mapcoreDefaultHashKey = 0x2d358dccaa6c78a5

type scenario struct {
	mapKind    string // "plain" or "syncmap" (syncmap.go)
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
	totalAlloc    int64 // bytes the map code allocated while building
	mallocs       int64 // objects it allocated
	liveBytes     int64 // of those bytes, live after a GC at the end
	liveObjects   int64
}

// sink keeps the map reachable, so it escapes to the heap like any real
// map, and stays live until the final measurement.
var sink any

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "memcheck: "+msg)
	os.Exit(2)
}

func main() {
	goruntime.EnsureFallbackHash("GOMAPFUZZ_MEMCHECK_REEXEC", fail)
	goruntime.RecordEveryAllocation()
	// Before any map of this program exists (see GO-MAP-FACTS.md).
	goruntime.SetHashKey(mapcoreDefaultHashKey)
	s := parseFlags()
	if s.mapKind == "syncmap" {
		runSyncMap(s.n)
		return
	}
	r, ok := runForKey(s)
	if !ok {
		fail(fmt.Sprintf("unsupported type pair %q %q", s.key, s.value))
	}
	fmt.Printf("{\"key\":%q,\"value\":%q,\"n\":%d,\"hint\":%d,\"deletes\":%d,"+
		"\"hash0\":%d,\"B\":%d,\"count\":%d,\"noverflow\":%d,\"growing\":%t,"+
		"\"bucket_size\":%d,\"overflow_in_use\":%d,\"pool_next\":%d,"+
		"\"total_alloc\":%d,\"mallocs\":%d,\"live_bytes\":%d,"+
		"\"live_objects\":%d}\n",
		s.key, s.value, s.n, s.hint, s.deletes, s.hash0, r.B, r.count,
		r.noverflow, r.growing, r.bucketSize, r.overflowInUse, r.poolNext,
		r.totalAlloc, r.mallocs, r.liveBytes, r.liveObjects)
}

func parseFlags() scenario {
	var s scenario
	var hash0 string
	flag.StringVar(&s.mapKind, "map", "plain",
		"plain: make(map[K]V, hint); syncmap: a sync.Map of uint64s (syncmap.go)")
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

// measure builds the scenario's map and reads what the runtime's map code
// allocated for it, from the heap profile (goruntime.MapHeap: exact, where
// ReadMemStats deltas also count the runtime's own allocations).
func measure[K comparable, V any](s scenario, keys []K) result {
	before := goruntime.MapHeap()
	m := make(map[K]V, s.hint)
	hdr := goruntime.HeaderOf(unsafe.Pointer(&m))
	hdr.Hash0 = s.hash0
	var zero V
	for _, k := range keys {
		m[k] = zero
	}
	for _, k := range keys[:s.deletes] {
		delete(m, k)
	}
	sink = m // the map escapes to the heap and stays live while measured
	built := goruntime.MapHeap().Minus(before)
	_, mt := goruntime.MaptypeOf(m)
	r := layoutOf(hdr, uintptr(mt.Bucketsize))
	r.totalAlloc = built.AllocBytes
	r.mallocs = built.AllocObjects
	r.liveBytes = built.InUseBytes
	r.liveObjects = built.InUseObjects
	runtime.KeepAlive(keys)
	sink = nil
	return r
}

// layoutOf reads B, noverflow and the overflow chains of the current array.
func layoutOf(h *goruntime.Hmap, bucketSize uintptr) result {
	r := result{B: h.B, count: h.Count, noverflow: h.Noverflow,
		growing: h.Oldbuckets != nil, bucketSize: bucketSize, poolNext: -1}
	if h.Buckets == nil {
		return r
	}
	for i := uintptr(0); i < uintptr(1)<<h.B; i++ {
		b := unsafe.Add(h.Buckets, i*bucketSize)
		for {
			ovf := *(*unsafe.Pointer)(unsafe.Add(b, bucketSize-8))
			if ovf == nil {
				break
			}
			r.overflowInUse++
			b = ovf
		}
	}
	if h.Extra != nil && h.Extra.NextOverflow != nil {
		r.poolNext = int64((uintptr(h.Extra.NextOverflow) - uintptr(h.Buckets)) / bucketSize)
	}
	return r
}
