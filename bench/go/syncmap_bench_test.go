package gomapbench

// BenchmarkConcurrent/<impl>/<R>: maps shared by goroutines, the Go side of
// ../syncmap_bench.cc with its workload (see there): 1,024 uint64 keys of
// the hit stream, all stored before timing (and, for sync.Map, loaded once
// so the read map holds them); goroutine t draws key indexes from
// splitmix64 seeded t + 1; its op j stores j into the key when
// j mod (R + 1) == R, else loads it. Run with -test.cpu 1,2: RunParallel
// starts GOMAXPROCS goroutines, so 1 and 2 threads as on the C++ side;
// ns/op is wall-clock time per op of all goroutines together, so
// 1e9 / ns/op is the throughput Google Benchmark's items_per_second gives.
// Both maps are called through one interface (an indirect call per op,
// about a nanosecond; the RWMutex map's methods still use the
// mapaccess/mapassign _fast64 variants, which generic code would not).

import (
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
)

const concurrentKeys = 1024 // a power of two, as in syncmap_bench.cc

var readsPerWrite = []int{1, 10, 100, 1000}

type concurrentMap interface {
	load(k uint64) bool
	store(k, v uint64)
}

type syncMap struct{ m sync.Map }

func (s *syncMap) load(k uint64) bool {
	_, ok := s.m.Load(k)
	return ok
}
func (s *syncMap) store(k, v uint64) { s.m.Store(k, v) }

// rwMap is Go's usual alternative: a map beside a sync.RWMutex.
type rwMap struct {
	mu sync.RWMutex
	m  map[uint64]uint64
}

func (r *rwMap) load(k uint64) bool {
	r.mu.RLock()
	_, ok := r.m[k]
	r.mu.RUnlock()
	return ok
}
func (r *rwMap) store(k, v uint64) {
	r.mu.Lock()
	r.m[k] = v
	r.mu.Unlock()
}

// splitmix64 is mapcore::SplitMix64 (keys.go's stream, one draw at a time).
type splitmix64 struct{ state uint64 }

func (s *splitmix64) next() uint64 {
	s.state += golden
	return finalize(s.state)
}

func BenchmarkConcurrent(b *testing.B) {
	keys := uint64Keys(concurrentKeys, hitSeed)
	contenders := []struct {
		name string
		make func() concurrentMap
	}{
		{"syncmap", func() concurrentMap {
			m := &syncMap{}
			for i, k := range keys {
				m.store(k, uint64(i))
			}
			for _, k := range keys {
				m.load(k) // the len(dirty)-th miss promotes: all in read
			}
			return m
		}},
		{"rwmutex", func() concurrentMap {
			m := &rwMap{m: make(map[uint64]uint64)}
			for i, k := range keys {
				m.store(k, uint64(i))
			}
			return m
		}},
	}
	for _, c := range contenders {
		for _, r := range readsPerWrite {
			c, r := c, r
			b.Run(c.name+"/"+strconv.Itoa(r), func(b *testing.B) {
				concurrentOps(b, c.make(), keys, r)
			})
		}
	}
}

func concurrentOps(b *testing.B, m concurrentMap, keys []uint64, r int) {
	var threads, missed uint64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		rng := splitmix64{state: atomic.AddUint64(&threads, 1)}
		miss := uint64(0)
		for j := 0; pb.Next(); j++ {
			k := keys[rng.next()&(concurrentKeys-1)]
			if j%(r+1) == r {
				m.store(k, uint64(j))
			} else if !m.load(k) {
				miss++
			}
		}
		atomic.AddUint64(&missed, miss)
	})
	if missed != 0 {
		b.Fatalf("%d loads missed a key that is always present", missed)
	}
}
