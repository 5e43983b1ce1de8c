package main

// What a hash is recorded on: every (secret, seed) pair gets the vectors of
// the hash's pair function (mem over edgeLengths, the fixed and random
// keys, in the order that hash's file has them), then a few pairs get every
// length up to maxSweep and long inputs, which keeps the committed files
// small.
type table struct {
	secrets     []uint64 // hashkey[0] values, or seeds of AES key schedules
	seeds       []uint64 // per-map seeds (hash0)
	edgeLengths []int    // the size cases of memhash and their edges
	fullSweeps  [][2]uint64
	maxSweep    int
	longLengths []int
	keys64      []uint64
	keys32      []uint32
	randomKeys  int // random keys of each width per pair
}

func (t *table) record(o *output, install func(secret uint64),
	pair func(o *output, secret, seed uint64)) {
	for _, secret := range t.secrets {
		install(secret)
		for _, seed := range t.seeds {
			pair(o, secret, seed)
		}
	}
	for _, sweep := range t.fullSweeps {
		install(sweep[0])
		for n := 0; n <= t.maxSweep; n++ {
			o.mem(sweep[0], sweep[1], n)
		}
		for _, n := range t.longLengths {
			o.mem(sweep[0], sweep[1], n)
		}
	}
}
