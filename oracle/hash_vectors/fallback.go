package main

// -hash fallback: hash64.go's portable hash, seeded by hashkey[0] (the only
// word of the per-process key it reads) and the map's seed.

import (
	"math"

	"gomapfuzz/goruntime"
)

var fallbackTable = table{
	// hashkey[0] values: mapcore's default, small, all ones (Go keeps the
	// key odd), and an even one (traces may carry any value).
	secrets: []uint64{0x2d358dccaa6c78a5, 1, 0xffffffffffffffff, 0x1234567890abcdee},
	// hash0 is a uint32, widened; the hash takes a uintptr.
	seeds: []uint64{0, 1, 0xdeadbeef, 0xffffffff, 0x9e3779b97f4a7c15},
	// Every size case of memhashFallback and its edges: 0, <4, 4, <8, 8,
	// <=16, the 16-byte loop (17..48), the 48-byte loop (49+)...
	edgeLengths: []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33,
		47, 48, 49, 63, 64, 65, 96, 97, 100},
	// ...and long inputs: the 48-byte loop many times.
	fullSweeps:  [][2]uint64{{0x2d358dccaa6c78a5, 0xdeadbeef}, {1, 0}},
	maxSweep:    100,
	longLengths: []int{128, 200, 255, 256, 1000, 4096},
	keys64: []uint64{0, 1, 0xffffffff, 0x100000000, 0x8000000000000000,
		0xffffffffffffffff},
	keys32:     []uint32{0, 1, 0x7fffffff, 0x80000000, 0xffffffff},
	randomKeys: 4,
}

// float64 keys: +0 and -0 (which must hash alike), ordinary values,
// infinities, the smallest subnormal, the largest finite value.
var fallbackFloats = []float64{0, math.Copysign(0, -1), 1, -1, 0.5, 1.5, -7,
	3.141592653589793, 1e300, -1e-300, math.Inf(1), math.Inf(-1),
	math.SmallestNonzeroFloat64, math.MaxFloat64}

func fallback() recorder {
	return recorder{
		header: "fallback map hash vectors (GODEBUG=cpu.aes=off), from " +
			"oracle/hash_vectors (regenerate.sh). Do not edit.\n" +
			"# mem <hashkey0> <seed> <bytes|-> <memhash>; m64/m32/f64 " +
			"<hashkey0> <seed> <key> <hash>\n",
		wideKeysAreMemhash: true,
		data:               0x60f,
		selfCheck: func(*output) {
			checkKeyIsLive()
			checkNaNIsRandom()
		},
		record: recordFallback,
	}
}

func recordFallback(o *output) {
	fallbackTable.record(o, func(k uint64) { goruntime.SetHashKey(uintptr(k)) },
		fallbackPair)
}

func fallbackPair(o *output, key, seed uint64) {
	t := &fallbackTable
	for _, n := range t.edgeLengths {
		o.mem(key, seed, n)
	}
	for _, k := range t.keys64 {
		o.m64(key, seed, k)
	}
	for _, k := range t.keys32 {
		o.m32(key, seed, k)
	}
	for i := 0; i < t.randomKeys; i++ {
		o.m64(key, seed, o.data.next())
		o.m32(key, seed, uint32(o.data.next()))
		o.f64(key, seed, math.Float64frombits(o.data.next()>>2)) // finite
	}
	for _, f := range fallbackFloats {
		o.f64(key, seed, f)
	}
}

// checkNaNIsRandom: f64hash gives NaN a fresh random hash every time, which
// is why the oracle cannot pin NaN placement (oracle/README.md).
func checkNaNIsRandom() {
	nan := math.NaN()
	a := goruntime.F64hash(nan, 0)
	for i := 0; i < 8; i++ {
		if goruntime.F64hash(nan, 0) != a {
			return
		}
	}
	fail("f64hash(NaN) repeated 9 times: not the random hash of Go 1.19")
}

// checkKeyIsLive proves the linkname reaches the runtime's hash key.
func checkKeyIsLive() {
	goruntime.SetHashKey(1)
	a := goruntime.Memhash64(42, 0)
	goruntime.SetHashKey(3)
	if goruntime.Memhash64(42, 0) == a {
		fail("writing hashkey[0] does not change runtime.memhash64; linkname broken?")
	}
}
