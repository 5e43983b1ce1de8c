package gomapbench

// BenchmarkMap/<op>/<key>/<n>: one b.N iteration is n operations, as in
// ../map_bench.cc. Each reports cpu-ns/key, CPU time per operation
// (cpu_timer_test.go), which run.sh compares; ns/op stays wall-clock time
// per iteration. The bodies are generic over the key type: Go 1.19
// compiles one copy per GC shape (uint64, string), and each copy calls the
// runtime's _fast64/_faststr variants (mapassign_fast64, mapaccess2_faststr,
// mapdelete_fast64, ...) exactly as code written for the concrete key type
// does (checked with go build -gcflags=-S), so the rows measure the same
// runtime paths as before they were generic.

import (
	"strconv"
	"testing"
)

// sink makes every map escape to the heap, like a map that outlives a call.
var sink any

func BenchmarkMap(b *testing.B) {
	for _, n := range sizes {
		benchmarkKeys(b, "uint64", uint64Keys(n, hitSeed), uint64Keys(n, missSeed))
		benchmarkKeys(b, "string", stringKeys(n, hitSeed), stringKeys(n, missSeed))
	}
}

// The six rows of one key type and size: keys are inserted, probes miss.
func benchmarkKeys[K comparable](b *testing.B, key string, keys, probes []K) {
	n := len(keys)
	name := func(op string) string { return op + "/" + key + "/" + strconv.Itoa(n) }
	b.Run(name("insert"), func(b *testing.B) { insert(b, keys, false) })
	b.Run(name("insert_hint"), func(b *testing.B) { insert(b, keys, true) })
	b.Run(name("lookup_hit"), func(b *testing.B) { lookup(b, keys, keys, n) })
	b.Run(name("lookup_miss"), func(b *testing.B) { lookup(b, keys, probes, 0) })
	b.Run(name("delete"), func(b *testing.B) { deleteAll(b, keys) })
	b.Run(name("iterate"), func(b *testing.B) { iterate(b, keys) })
}

func build[K comparable](keys []K, hint int) map[K]uint64 {
	m := make(map[K]uint64, hint)
	for i, k := range keys {
		m[k] = uint64(i + 1)
	}
	sink = m
	return m
}

func insert[K comparable](b *testing.B, keys []K, hint bool) {
	h := 0
	if hint {
		h = len(keys)
	}
	t := startCPU(b)
	for i := 0; i < b.N; i++ {
		build(keys, h)
	}
	t.Done(len(keys))
}

func lookup[K comparable](b *testing.B, keys, probes []K, want int) {
	m := build(keys, 0)
	found := 0
	for _, k := range probes {
		if _, ok := m[k]; ok {
			found++
		}
	}
	if found != want {
		b.Fatalf("found %d of the probes, want %d", found, want)
	}
	t := startCPU(b)
	var sum uint64
	for i := 0; i < b.N; i++ {
		for _, k := range probes {
			if v, ok := m[k]; ok {
				sum += v
			}
		}
	}
	t.Done(len(probes))
	sink = sum
}

func deleteAll[K comparable](b *testing.B, keys []K) {
	t := startCPU(b)
	for i := 0; i < b.N; i++ {
		t.Stop()
		m := build(keys, 0)
		t.Start()
		for _, k := range keys {
			delete(m, k)
		}
	}
	t.Done(len(keys))
}

func iterate[K comparable](b *testing.B, keys []K) {
	m := build(keys, 0)
	t := startCPU(b)
	var sum uint64
	for i := 0; i < b.N; i++ {
		for _, v := range m {
			sum += v
		}
	}
	t.Done(len(keys))
	sink = sum
}
