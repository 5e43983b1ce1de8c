package gomapbench

// TestMemory (run by run.sh with -run TestMemory -v) prints, as JSON lines,
// the peak and final live heap bytes per entry of a map built without a
// hint, measured on the runtime: runtime.GC then MemStats.HeapAlloc, taken
// when a growth starts and at every eighth of its evacuation (read from the
// hmap: B, oldbuckets, nevacuate), when both bucket arrays are live, and at
// the end (the slice of replicas counts too: 24 bytes a map). Go shares string keys with the caller, so their bytes are not the
// map's; the C++ maps copy them.

import (
	"fmt"
	"runtime"
	"testing"
	"unsafe"
)

// hmap's head (runtime/map.go, Go 1.19, amd64).
type hmapHead struct {
	count      int
	flags      uint8
	B          uint8
	noverflow  uint16
	hash0      uint32
	buckets    unsafe.Pointer
	oldbuckets unsafe.Pointer
	nevacuate  uintptr
}

func heapNow() int64 {
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}

// evacuationSamples: samples taken per growth, spread over its evacuation.
const evacuationSamples = 8

// peakTracker samples the heap at the moments a map can be at its peak.
type peakTracker struct {
	base, peak int64
	h          *hmapHead
	nextMark   uintptr // sample when nevacuate reaches it
}

func (p *peakTracker) sample() {
	if live := heapNow() - p.base; live > p.peak {
		p.peak = live
	}
}

func (p *peakTracker) afterInsert() {
	if p.h.oldbuckets == nil {
		p.nextMark = 0
		return
	}
	old := (uintptr(1) << p.h.B) / 2
	if p.nextMark == 0 || p.h.nevacuate >= p.nextMark {
		p.sample()
		p.nextMark = p.h.nevacuate + old/evacuationSamples + 1
	}
}

func report(key string, n int, peak, final int64) {
	fmt.Printf("{\"impl\":\"go\",\"key\":%q,\"n\":%d,\"peak_bytes_per_entry\":%g,\"final_bytes_per_entry\":%g}\n",
		key, n, float64(peak)/float64(n), float64(final)/float64(n))
}

// replicas: maps built in lockstep, so that the runtime's own heap noise
// (kilobytes) is small against what is measured; the figures are divided
// back. Their peaks coincide because their layouts are identical.
func replicas(n int) int {
	const measured = 100000 // entries in all replicas together, at least
	if n >= measured {
		return 1
	}
	return measured / n
}

// One map per replica, filled key by key; the peak and final heap per map.
// Generic: Go 1.19 compiles one copy per key shape, each on the runtime's
// _fast64/_faststr paths (see map_bench_test.go).
func measure[K comparable](keys []K) (peak, final int64) {
	maps := make([]map[K]uint64, replicas(len(keys)))
	p := peakTracker{base: heapNow()}
	for r := range maps {
		maps[r] = make(map[K]uint64)
	}
	sink = maps
	p.h = *(**hmapHead)(unsafe.Pointer(&maps[0]))
	for i, k := range keys {
		for _, m := range maps {
			m[k] = uint64(i + 1)
		}
		p.afterInsert()
	}
	p.sample()
	final = heapNow() - p.base
	runtime.KeepAlive(keys)
	sink = nil
	return p.peak / int64(len(maps)), final / int64(len(maps))
}

func TestMemory(t *testing.T) {
	for _, n := range sizes {
		peak, final := measure(uint64Keys(n, hitSeed))
		report("uint64", n, peak, final)
		peak, final = measure(stringKeys(n, hitSeed))
		report("string", n, peak, final)
	}
}
