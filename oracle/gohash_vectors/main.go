// Command gohashvectors prints golden vectors for mapcore's C++ port of Go
// 1.19's portable map hash (mapcore/include/mapcore/hash/go_fallback_hash.h)
// and of the float64 key hash f64hash (mapcore/key_policy.h).
//
// The values come from the real runtime running under GODEBUG=cpu.aes=off,
// where runtime.memhash, memhash32, memhash64 and strhash are hash64.go's
// memhashFallback, memhash32Fallback and memhash64Fallback. This program
// sets runtime.hashkey[0] (the only word of the per-process key the
// fallback uses) through //go:linkname and calls the hash functions
// directly. Changing hashkey under a running program breaks every Go map
// that already holds entries, so after the first change this program uses
// no map, directly or through a library: only bufio, os.Stdout/Stderr and
// the runtime (the same rule as ../aeshash_vectors).
//
// Output, one vector per line ('#' lines are comments), numbers in hex:
//
//	mem <hashkey0> <seed> <bytes, or - if empty> <memhash>
//	m64 <hashkey0> <seed> <key, 16 digits> <memhash64>
//	m32 <hashkey0> <seed> <key, 8 digits> <memhash32>
//	f64 <hashkey0> <seed> <float64 bits, 16 digits> <f64hash>
//
// strhash is checked here to equal memhash for every mem vector, and
// memhash64/memhash32 to equal memhash over the key's bytes, so they need no
// lines of their own. Run regenerate.sh to rewrite the committed file.
package main

import (
	"bufio"
	"math"
	"os"
	"runtime"
	"unsafe"
)

//go:linkname hashkey runtime.hashkey
var hashkey [4]uintptr

//go:linkname useAeshash runtime.useAeshash
var useAeshash bool

//go:noescape
//go:linkname memhash runtime.memhash
func memhash(p unsafe.Pointer, h, s uintptr) uintptr

//go:noescape
//go:linkname strhash runtime.strhash
func strhash(p unsafe.Pointer, h uintptr) uintptr

//go:noescape
//go:linkname memhash64 runtime.memhash64
func memhash64(p unsafe.Pointer, h uintptr) uintptr

//go:noescape
//go:linkname memhash32 runtime.memhash32
func memhash32(p unsafe.Pointer, h uintptr) uintptr

//go:noescape
//go:linkname f64hash runtime.f64hash
func f64hash(p unsafe.Pointer, h uintptr) uintptr

// splitmix64 (Steele, Lea, Flood 2014), as mapcore's SplitMix64.
type splitMix64 struct{ state uint64 }

func (s *splitMix64) next() uint64 {
	s.state += 0x9e3779b97f4a7c15
	z := s.state
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

var (
	// hashkey[0] values: mapcore's default, small, all ones (Go keeps the
	// key odd), and an even one (traces may carry any value).
	hashKeys = []uint64{0x2d358dccaa6c78a5, 1, 0xffffffffffffffff, 0x1234567890abcdee}
	// Per-map seeds (hash0 is a uint32, widened; the hash takes a uintptr).
	hashSeeds = []uint64{0, 1, 0xdeadbeef, 0xffffffff, 0x9e3779b97f4a7c15}
	// Every size case of memhashFallback and its edges: 0, <4, 4, <8, 8,
	// <=16, the 16-byte loop (17..48), the 48-byte loop (49+), for every
	// (hashkey, seed) pair...
	edgeLengths = []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33,
		47, 48, 49, 63, 64, 65, 96, 97, 100}
	// ...and the full sweep 0..100 plus long inputs (the 48-byte loop many
	// times) for these pairs only, which keeps the committed file small.
	fullSweeps  = [][2]uint64{{0x2d358dccaa6c78a5, 0xdeadbeef}, {1, 0}}
	maxSweep    = 100
	longLengths = []int{128, 200, 255, 256, 1000, 4096}
	fixedKeys64 = []uint64{0, 1, 0xffffffff, 0x100000000, 0x8000000000000000,
		0xffffffffffffffff}
	fixedKeys32 = []uint32{0, 1, 0x7fffffff, 0x80000000, 0xffffffff}
	// float64 keys: +0 and -0 (which must hash alike), ordinary values,
	// infinities, the smallest subnormal, the largest finite value.
	floatKeys = []float64{0, math.Copysign(0, -1), 1, -1, 0.5, 1.5, -7,
		3.141592653589793, 1e300, -1e-300, math.Inf(1), math.Inf(-1),
		math.SmallestNonzeroFloat64, math.MaxFloat64}
)

const randomKeysPerPair = 4

var data = splitMix64{0x60f}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(data.next())
	}
	return b
}

func fail(msg string) {
	os.Stderr.WriteString("gohashvectors: " + msg + "\n")
	os.Exit(1)
}

type output struct{ w *bufio.Writer }

func (o output) hex(v uint64, digits int) {
	const hexDigits = "0123456789abcdef"
	for i := digits - 1; i >= 0; i-- {
		o.w.WriteByte(hexDigits[(v>>(4*i))&0xf])
	}
}

func (o output) head(kind string, key, seed uint64) {
	o.w.WriteString(kind)
	o.w.WriteByte(' ')
	o.hex(key, 16)
	o.w.WriteByte(' ')
	o.hex(seed, 16)
	o.w.WriteByte(' ')
}

func (o output) tail(h uintptr) {
	o.w.WriteByte(' ')
	o.hex(uint64(h), 16)
	o.w.WriteByte('\n')
}

func (o output) mem(key, seed uint64, n int) {
	b := randomBytes(n)
	var p unsafe.Pointer
	if n > 0 {
		p = unsafe.Pointer(&b[0])
	}
	h := memhash(p, uintptr(seed), uintptr(n))
	s := string(b)
	if strhash(unsafe.Pointer(&s), uintptr(seed)) != h {
		fail("strhash differs from memhash")
	}
	o.head("mem", key, seed)
	if n == 0 {
		o.w.WriteByte('-')
	}
	for _, c := range b {
		o.hex(uint64(c), 2)
	}
	o.tail(h)
}

func (o output) m64(key, seed, k uint64) {
	h := memhash64(unsafe.Pointer(&k), uintptr(seed))
	if memhash(unsafe.Pointer(&k), uintptr(seed), 8) != h {
		fail("memhash64 differs from memhash over 8 bytes")
	}
	o.head("m64", key, seed)
	o.hex(k, 16)
	o.tail(h)
}

func (o output) m32(key, seed uint64, k uint32) {
	h := memhash32(unsafe.Pointer(&k), uintptr(seed))
	if memhash(unsafe.Pointer(&k), uintptr(seed), 4) != h {
		fail("memhash32 differs from memhash over 4 bytes")
	}
	o.head("m32", key, seed)
	o.hex(uint64(k), 8)
	o.tail(h)
}

func (o output) f64(key, seed uint64, f float64) {
	h := f64hash(unsafe.Pointer(&f), uintptr(seed))
	o.head("f64", key, seed)
	o.hex(math.Float64bits(f), 16)
	o.tail(h)
}

// checkNaNIsRandom: f64hash gives NaN a fresh random hash every time, which
// is why the oracle cannot pin NaN placement (oracle/README.md).
func checkNaNIsRandom() {
	nan := math.NaN()
	a := f64hash(unsafe.Pointer(&nan), 0)
	for i := 0; i < 8; i++ {
		if f64hash(unsafe.Pointer(&nan), 0) != a {
			return
		}
	}
	fail("f64hash(NaN) repeated 9 times: not the random hash of Go 1.19")
}

// checkKeyIsLive proves the linkname reaches the runtime's hash key.
func checkKeyIsLive() {
	k := uint64(42)
	hashkey[0] = 1
	a := memhash64(unsafe.Pointer(&k), 0)
	hashkey[0] = 3
	if memhash64(unsafe.Pointer(&k), 0) == a {
		fail("writing hashkey[0] does not change runtime.memhash64; linkname broken?")
	}
}

func main() {
	if runtime.GOARCH != "amd64" {
		fail("needs GOARCH=amd64, got " + runtime.GOARCH)
	}
	if useAeshash {
		fail("runtime.useAeshash is true: run with GODEBUG=cpu.aes=off " +
			"(regenerate.sh does) so Go uses its fallback hash")
	}
	checkKeyIsLive()
	checkNaNIsRandom()
	o := output{bufio.NewWriter(os.Stdout)}
	o.w.WriteString("# Go " + runtime.Version() + " amd64 fallback map hash vectors " +
		"(GODEBUG=cpu.aes=off), from oracle/gohash_vectors (regenerate.sh). Do not edit.\n" +
		"# mem <hashkey0> <seed> <bytes|-> <memhash>; m64/m32/f64 <hashkey0> <seed> <key> <hash>\n")
	for _, key := range hashKeys {
		hashkey[0] = uintptr(key)
		for _, seed := range hashSeeds {
			for _, n := range edgeLengths {
				o.mem(key, seed, n)
			}
			for _, k := range fixedKeys64 {
				o.m64(key, seed, k)
			}
			for _, k := range fixedKeys32 {
				o.m32(key, seed, k)
			}
			for i := 0; i < randomKeysPerPair; i++ {
				o.m64(key, seed, data.next())
				o.m32(key, seed, uint32(data.next()))
				o.f64(key, seed, math.Float64frombits(data.next()>>2)) // finite
			}
			for _, f := range floatKeys {
				o.f64(key, seed, f)
			}
		}
	}
	for _, sweep := range fullSweeps {
		hashkey[0] = uintptr(sweep[0])
		for n := 0; n <= maxSweep; n++ {
			o.mem(sweep[0], sweep[1], n)
		}
		for _, n := range longLengths {
			o.mem(sweep[0], sweep[1], n)
		}
	}
	if err := o.w.Flush(); err != nil {
		fail("writing output: " + err.Error())
	}
}
