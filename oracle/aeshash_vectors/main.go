// Command aeshashvectors prints golden vectors for mapcore's C++ port of Go
// 1.19's amd64 AES map hash (mapcore/include/mapcore/hash/aes_hash.h).
//
// The values come from the real runtime: this program overwrites the
// runtime's random per-process key schedule runtime.aeskeysched with the
// deterministic bytes of mapcore::AesKeySchedule::from_seed, then calls
// runtime.memhash, runtime.strhash, runtime.memhash64 and runtime.memhash32
// directly through //go:linkname.
//
// Swapping aeskeysched under a running program invalidates every Go map that
// already holds entries, so after the first swap this program must not use
// any map, directly or through a library (no fmt, reflect, os.Getenv, ...).
// It only touches bufio, os.Stdout/Stderr and the runtime.
//
// Output, one vector per line ('#' lines are comments), all numbers hex:
//
//	mem <sched_seed> <hash_seed> <bytes, or - if empty> <memhash>
//	m64 <sched_seed> <hash_seed> <key, 16 digits> <memhash64>
//	m32 <sched_seed> <hash_seed> <key, 8 digits> <memhash32>
//
// strhash is checked here to equal memhash for every mem vector, so it needs
// no lines of its own. Run regenerate.sh to rewrite the committed file.
package main

import (
	"bufio"
	"os"
	"runtime"
	"unsafe"
)

// The runtime's AES round keys (alg.go). Declaring the variable here with a
// linkname makes this package refer to the runtime's own storage.
//
//go:linkname aeskeysched runtime.aeskeysched
var aeskeysched [128]byte

// Set by alginit iff the CPU has AES, SSSE3 and SSE4.1 (and GODEBUG did not
// disable them); when false the runtime uses the portable wyhash instead.
//
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

// splitmix64 (Steele, Lea, Flood 2014), the same stream as mapcore's
// SplitMix64: state += 2^64/phi, then Stafford's "Mix13" finalizer.
type splitMix64 struct{ state uint64 }

func (s *splitMix64) next() uint64 {
	s.state += 0x9e3779b97f4a7c15
	z := s.state
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// scheduleFromSeed mirrors AesKeySchedule::from_seed: 16 splitmix64 outputs
// from state seed, each little-endian.
func scheduleFromSeed(seed uint64) (ks [128]byte) {
	rng := splitMix64{seed}
	for word := 0; word < len(ks)/8; word++ {
		v := rng.next()
		for b := 0; b < 8; b++ {
			ks[8*word+b] = byte(v >> (8 * b))
		}
	}
	return ks
}

var (
	// Key schedules: from_seed of these.
	scheduleSeeds = []uint64{0, 1, 0x0123456789abcdef}
	// Per-map seeds (hash0): zero, tiny, 32-bit edge, 2^64/phi, all ones.
	hashSeeds = []uint64{0, 1, 0xffffffff, 0x9e3779b97f4a7c15, 0xffffffffffffffff}
	// Every memhash size case and its edges, for every (schedule, seed).
	edgeLengths = []int{0, 1, 2, 3, 4, 7, 8, 9, 15, 16, 17, 31, 32, 33, 48,
		63, 64, 65, 100, 127, 128, 129, 200, 255, 256, 257}
	// The full length sweep 0..260 plus long inputs runs for these pairs
	// only, which keeps the committed file small.
	fullSweeps  = [][2]uint64{{1, 0x9e3779b97f4a7c15}, {0x0123456789abcdef, 0}}
	longLengths = []int{512, 1000, 4096}
	// Keys that poke at the halves of the inserted word.
	fixedKeys64 = []uint64{0, 1, 0xffffffff, 0x100000000, 0x8000000000000000,
		0xffffffffffffffff}
	fixedKeys32 = []uint32{0, 1, 0x7fffffff, 0x80000000, 0xffffffff}
)

const randomKeysPerPair = 6

// data supplies the pseudo-random input bytes; any values would do, since
// they are written out with each vector.
var data = splitMix64{0xda7a}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(data.next())
	}
	return b
}

func fail(msg string) {
	os.Stderr.WriteString("aeshashvectors: " + msg + "\n")
	os.Exit(1)
}

func install(scheduleSeed uint64) { aeskeysched = scheduleFromSeed(scheduleSeed) }

// checkScheduleIsLive proves the linkname reaches the runtime's key
// schedule: if it did not, installing schedules would not change hashes and
// the "vectors" would silently be for Go's random schedule.
func checkScheduleIsLive() {
	key := []byte("aeskeysched probe")
	hash := func() uintptr { return memhash(unsafe.Pointer(&key[0]), 0, uintptr(len(key))) }
	install(1)
	a := hash()
	install(2)
	b := hash()
	install(1)
	if hash() != a || a == b {
		fail("writing aeskeysched does not steer runtime.memhash; linkname broken?")
	}
}

// checkPageEdgePathAgrees runs memhash on 1..15-byte inputs placed where
// aeshashbody takes its "endofpage" path (address mod 4096 in 4080..4095:
// it loads backwards and shuffles) and compares with the same bytes placed
// where it takes the masked-load path. The C++ port relies on both
// equalling the zero-padded block.
func checkPageEdgePathAgrees(seed uintptr) {
	const page = 4096
	buf := make([]byte, 3*page)
	base := uintptr(unsafe.Pointer(&buf[0]))
	edge := int(page - base%page + page - 16) // buf[edge] is at 4080 mod 4096
	normal := edge + 256                      // 240 mod 4096
	for n := 1; n < 16; n++ {
		for k := 0; k < 16; k++ {
			src := randomBytes(n)
			copy(buf[edge+k:], src)
			copy(buf[normal:], src)
			pe := unsafe.Pointer(&buf[edge+k])
			pn := unsafe.Pointer(&buf[normal])
			if (uintptr(pe)+16)&0xff0 != 0 || (uintptr(pn)+16)&0xff0 == 0 {
				fail("page-edge check misplaced its inputs")
			}
			if memhash(pe, seed, uintptr(n)) != memhash(pn, seed, uintptr(n)) {
				fail("memhash differs between the page-edge and masked paths")
			}
		}
	}
}

type output struct{ w *bufio.Writer }

func (o output) hex(v uint64, digits int) {
	const hexDigits = "0123456789abcdef"
	for i := digits - 1; i >= 0; i-- {
		o.w.WriteByte(hexDigits[(v>>(4*i))&0xf])
	}
}

func (o output) head(kind string, scheduleSeed, seed uint64) {
	o.w.WriteString(kind)
	o.w.WriteByte(' ')
	o.hex(scheduleSeed, 16)
	o.w.WriteByte(' ')
	o.hex(seed, 16)
	o.w.WriteByte(' ')
}

func (o output) mem(scheduleSeed, seed uint64, n int) {
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
	o.head("mem", scheduleSeed, seed)
	if n == 0 {
		o.w.WriteByte('-')
	}
	for _, c := range b {
		o.hex(uint64(c), 2)
	}
	o.w.WriteByte(' ')
	o.hex(uint64(h), 16)
	o.w.WriteByte('\n')
}

func (o output) m64(scheduleSeed, seed, key uint64) {
	h := memhash64(unsafe.Pointer(&key), uintptr(seed))
	o.head("m64", scheduleSeed, seed)
	o.hex(key, 16)
	o.w.WriteByte(' ')
	o.hex(uint64(h), 16)
	o.w.WriteByte('\n')
}

func (o output) m32(scheduleSeed, seed uint64, key uint32) {
	h := memhash32(unsafe.Pointer(&key), uintptr(seed))
	o.head("m32", scheduleSeed, seed)
	o.hex(uint64(key), 8)
	o.w.WriteByte(' ')
	o.hex(uint64(h), 16)
	o.w.WriteByte('\n')
}

func (o output) pair(scheduleSeed, seed uint64) {
	for _, n := range edgeLengths {
		o.mem(scheduleSeed, seed, n)
	}
	for _, k := range fixedKeys64 {
		o.m64(scheduleSeed, seed, k)
	}
	for i := 0; i < randomKeysPerPair; i++ {
		o.m64(scheduleSeed, seed, data.next())
	}
	for _, k := range fixedKeys32 {
		o.m32(scheduleSeed, seed, k)
	}
	for i := 0; i < randomKeysPerPair; i++ {
		o.m32(scheduleSeed, seed, uint32(data.next()))
	}
}

func (o output) fullSweep(scheduleSeed, seed uint64) {
	for n := 0; n <= 260; n++ {
		o.mem(scheduleSeed, seed, n)
	}
	for _, n := range longLengths {
		o.mem(scheduleSeed, seed, n)
	}
}

func main() {
	if runtime.GOARCH != "amd64" {
		fail("needs GOARCH=amd64, got " + runtime.GOARCH)
	}
	if !useAeshash {
		fail("runtime.useAeshash is false: this CPU (or GODEBUG=cpu.aes=off) " +
			"makes Go use its fallback hash, so there is nothing to record")
	}
	checkScheduleIsLive()
	for _, s := range scheduleSeeds {
		install(s)
		checkPageEdgePathAgrees(0x9e3779b97f4a7c15)
	}

	o := output{bufio.NewWriter(os.Stdout)}
	o.w.WriteString("# Go " + runtime.Version() + " amd64 AES map hash vectors, " +
		"from oracle/aeshash_vectors (regenerate.sh). Do not edit.\n" +
		"# mem <sched_seed> <hash_seed> <bytes|-> <memhash>; " +
		"m64/m32 <sched_seed> <hash_seed> <key> <hash>\n")
	for _, sched := range scheduleSeeds {
		install(sched)
		for _, seed := range hashSeeds {
			o.pair(sched, seed)
		}
	}
	for _, sweep := range fullSweeps {
		install(sweep[0])
		o.fullSweep(sweep[0], sweep[1])
	}
	if err := o.w.Flush(); err != nil {
		fail("writing output: " + err.Error())
	}
}
