package gomapbench

// BenchmarkMap/<op>/<key>/<n>: one b.N iteration is n operations, as in
// ../map_bench.cc. Each reports cpu-ns/key, CPU time per operation
// (cpu_timer_test.go), which run.sh compares; ns/op stays wall-clock time
// per iteration. The bodies are written once
// per key type on purpose: in generic code Go 1.19 calls the generic
// mapassign/mapaccess instead of the _fast64/_faststr variants that real
// code with these key types gets.

import (
	"strconv"
	"testing"
)

// sink makes every map escape to the heap, like a map that outlives a call.
var sink any

func BenchmarkMap(b *testing.B) {
	for _, n := range sizes {
		ns := strconv.Itoa(n)
		uk, um := uint64Keys(n, hitSeed), uint64Keys(n, missSeed)
		b.Run("insert/uint64/"+ns, func(b *testing.B) { insertUint64(b, uk, false) })
		b.Run("insert_hint/uint64/"+ns, func(b *testing.B) { insertUint64(b, uk, true) })
		b.Run("lookup_hit/uint64/"+ns, func(b *testing.B) { lookupUint64(b, uk, uk, n) })
		b.Run("lookup_miss/uint64/"+ns, func(b *testing.B) { lookupUint64(b, uk, um, 0) })
		b.Run("delete/uint64/"+ns, func(b *testing.B) { deleteUint64(b, uk) })
		b.Run("iterate/uint64/"+ns, func(b *testing.B) { iterateUint64(b, uk) })
		sk, sm := stringKeys(n, hitSeed), stringKeys(n, missSeed)
		b.Run("insert/string/"+ns, func(b *testing.B) { insertString(b, sk, false) })
		b.Run("insert_hint/string/"+ns, func(b *testing.B) { insertString(b, sk, true) })
		b.Run("lookup_hit/string/"+ns, func(b *testing.B) { lookupString(b, sk, sk, n) })
		b.Run("lookup_miss/string/"+ns, func(b *testing.B) { lookupString(b, sk, sm, 0) })
		b.Run("delete/string/"+ns, func(b *testing.B) { deleteString(b, sk) })
		b.Run("iterate/string/"+ns, func(b *testing.B) { iterateString(b, sk) })
	}
}

func buildUint64(keys []uint64, hint int) map[uint64]uint64 {
	m := make(map[uint64]uint64, hint)
	for i, k := range keys {
		m[k] = uint64(i + 1)
	}
	sink = m
	return m
}

func insertUint64(b *testing.B, keys []uint64, hint bool) {
	h := 0
	if hint {
		h = len(keys)
	}
	t := startCPU(b)
	for i := 0; i < b.N; i++ {
		buildUint64(keys, h)
	}
	t.Done(len(keys))
}

func lookupUint64(b *testing.B, keys, probes []uint64, want int) {
	m := buildUint64(keys, 0)
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

func deleteUint64(b *testing.B, keys []uint64) {
	t := startCPU(b)
	for i := 0; i < b.N; i++ {
		t.Stop()
		m := buildUint64(keys, 0)
		t.Start()
		for _, k := range keys {
			delete(m, k)
		}
	}
	t.Done(len(keys))
}

func iterateUint64(b *testing.B, keys []uint64) {
	m := buildUint64(keys, 0)
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

func buildString(keys []string, hint int) map[string]uint64 {
	m := make(map[string]uint64, hint)
	for i, k := range keys {
		m[k] = uint64(i + 1)
	}
	sink = m
	return m
}

func insertString(b *testing.B, keys []string, hint bool) {
	h := 0
	if hint {
		h = len(keys)
	}
	t := startCPU(b)
	for i := 0; i < b.N; i++ {
		buildString(keys, h)
	}
	t.Done(len(keys))
}

func lookupString(b *testing.B, keys, probes []string, want int) {
	m := buildString(keys, 0)
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

func deleteString(b *testing.B, keys []string) {
	t := startCPU(b)
	for i := 0; i < b.N; i++ {
		t.Stop()
		m := buildString(keys, 0)
		t.Start()
		for _, k := range keys {
			delete(m, k)
		}
	}
	t.Done(len(keys))
}

func iterateString(b *testing.B, keys []string) {
	m := buildString(keys, 0)
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
