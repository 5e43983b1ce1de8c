package main

// -hash aes: Go 1.19's amd64 AES hash, keyed by the per-process schedule
// runtime.aeskeysched, which this program overwrites with the bytes of
// mapcore::AesKeySchedule::from_seed.

import (
	"unsafe"

	"gomapfuzz/goruntime"
)

var aesTable = table{
	secrets: []uint64{0, 1, 0x0123456789abcdef}, // from_seed of these
	// Zero, tiny, 32-bit edge, 2^64/phi, all ones.
	seeds: []uint64{0, 1, 0xffffffff, 0x9e3779b97f4a7c15, 0xffffffffffffffff},
	edgeLengths: []int{0, 1, 2, 3, 4, 7, 8, 9, 15, 16, 17, 31, 32, 33, 48,
		63, 64, 65, 100, 127, 128, 129, 200, 255, 256, 257},
	fullSweeps:  [][2]uint64{{1, 0x9e3779b97f4a7c15}, {0x0123456789abcdef, 0}},
	maxSweep:    260,
	longLengths: []int{512, 1000, 4096},
	// Keys that poke at the halves of the inserted word.
	keys64: []uint64{0, 1, 0xffffffff, 0x100000000, 0x8000000000000000,
		0xffffffffffffffff},
	keys32:     []uint32{0, 1, 0x7fffffff, 0x80000000, 0xffffffff},
	randomKeys: 6,
}

func aes() recorder {
	return recorder{
		header: "AES map hash vectors, from oracle/hash_vectors " +
			"(regenerate.sh). Do not edit.\n" +
			"# mem <sched_seed> <hash_seed> <bytes|-> <memhash>; " +
			"m64/m32 <sched_seed> <hash_seed> <key> <hash>\n",
		data: 0xda7a,
		selfCheck: func(o *output) {
			checkScheduleIsLive()
			for _, s := range aesTable.secrets {
				install(s)
				checkPageEdgePathAgrees(o, 0x9e3779b97f4a7c15)
			}
		},
		record: recordAES,
	}
}

func recordAES(o *output) { aesTable.record(o, install, aesPair) }

func aesPair(o *output, sched, seed uint64) {
	t := &aesTable
	for _, n := range t.edgeLengths {
		o.mem(sched, seed, n)
	}
	for _, k := range t.keys64 {
		o.m64(sched, seed, k)
	}
	for i := 0; i < t.randomKeys; i++ {
		o.m64(sched, seed, o.data.next())
	}
	for _, k := range t.keys32 {
		o.m32(sched, seed, k)
	}
	for i := 0; i < t.randomKeys; i++ {
		o.m32(sched, seed, uint32(o.data.next()))
	}
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

func install(scheduleSeed uint64) { goruntime.SetAESKeySchedule(scheduleFromSeed(scheduleSeed)) }

// checkScheduleIsLive proves the linkname reaches the runtime's key
// schedule: if it did not, installing schedules would not change hashes and
// the "vectors" would silently be for Go's random schedule.
func checkScheduleIsLive() {
	key := []byte("aeskeysched probe")
	hash := func() uintptr { return goruntime.MemhashBytes(key, 0) }
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
func checkPageEdgePathAgrees(o *output, seed uintptr) {
	const page = 4096
	buf := make([]byte, 3*page)
	base := uintptr(unsafe.Pointer(&buf[0]))
	edge := int(page - base%page + page - 16) // buf[edge] is at 4080 mod 4096
	normal := edge + 256                      // 240 mod 4096
	for n := 1; n < 16; n++ {
		for k := 0; k < 16; k++ {
			src := o.randomBytes(n)
			copy(buf[edge+k:], src)
			copy(buf[normal:], src)
			pe := unsafe.Pointer(&buf[edge+k])
			pn := unsafe.Pointer(&buf[normal])
			if (uintptr(pe)+16)&0xff0 != 0 || (uintptr(pn)+16)&0xff0 == 0 {
				fail("page-edge check misplaced its inputs")
			}
			if goruntime.Memhash(pe, seed, uintptr(n)) != goruntime.Memhash(pn, seed, uintptr(n)) {
				fail("memhash differs between the page-edge and masked paths")
			}
		}
	}
}
