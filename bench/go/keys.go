// Package gomapbench benchmarks Go 1.19's map with the same keys and the
// same operations as ../map_bench.cc, so run.sh can put them side by side.
package gomapbench

import "fmt"

// The splitmix64 streams of ../keys.h (mapcore::SplitMix64): key i of a set
// is the stream's i-th output; strings are its 16 lowercase hex digits.
const (
	hitSeed  = 1
	missSeed = 2
	golden   = 0x9e3779b97f4a7c15
)

func finalize(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func uint64Keys(n int, seed uint64) []uint64 {
	keys := make([]uint64, n)
	state := seed
	for i := range keys {
		state += golden
		keys[i] = finalize(state)
	}
	return keys
}

func stringKeys(n int, seed uint64) []string {
	keys := make([]string, n)
	for i, k := range uint64Keys(n, seed) {
		keys[i] = fmt.Sprintf("%016x", k)
	}
	return keys
}

// The sizes of ../map_bench.cc.
var sizes = []int{1000, 100000, 1000000}
